// The real file system's answers the simulated commands need: does a mount point or an export path exist, and
// is it a folder. Read before a command's steps run, so the interpreters stay pure; mount's X-mount.mkdir makes its
// folder here first, as libmount makes it before anything else (even for a device that then does not exist).

import { lstat, stat } from 'node:fs/promises';
import { ensureDir } from '../host/paths.ts';
import type { FsFacts, PathFact } from './command-types.ts';

// strerror(3) texts for the errno values stat(2) gives, as the real tools print them (fixture 30).
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
};

/** stat(2) of each path, once the folders of `makeDirs` are made (mode 0755, with their parents). */
export async function probePaths(paths: readonly string[], makeDirs: readonly string[] = []): Promise<FsFacts> {
  const facts = new Map<string, PathFact>();
  await Promise.all(makeDirs.map(async (path) => {
    // Only a path that is not there at all is made: a file in its place is mount's own error (not a directory).
    if (await lstat(path).then(() => true, () => false)) return;
    try {
      await ensureDir(path);
    } catch {
      facts.set(path, { kind: 'unmade' });
    }
  }));
  await Promise.all(paths.filter((path) => !facts.has(path)).map(async (path) => {
    try {
      const info = await stat(path);
      facts.set(path, { kind: info.isDirectory() ? 'dir' : 'file' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const text = Object.hasOwn(STRERROR, code) ? STRERROR[code]! : (error as Error).message;
      facts.set(path, { kind: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'error', error: text });
    }
  }));
  return facts;
}
