// Where the world lives: in memory, or in a folder as world.json (plus the mountinfo file the product reads),
// changed only in short synchronous transactions under a kernel lock on `<dir>/world.lock`, saved atomically
// (temp file, rename), so concurrent fake executables and the in-process host never see half a world.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fsx from 'fs-native-extensions';
import type { World } from './world.ts';
import { renderMountinfo } from './mountinfo.ts';
import { decodeWorld, encodeWorld } from './world-codec.ts';

/** Runs changes against the world. */
export interface WorldStore {
  /** Runs `change` on the current world in one transaction; a changed world is saved before it returns. */
  transact<T>(change: (world: World) => T): T;
  /** The folder the world lives in, or null in memory. */
  readonly dir: string | null;
}

/** A world kept in memory. */
export function createMemoryStore(world: World): WorldStore {
  return { transact: (change) => change(world), dir: null };
}

/** The files of a world folder. */
export function locateWorldFiles(dir: string): { world: string; mountinfo: string; lock: string } {
  return { world: join(dir, 'world.json'), mountinfo: join(dir, 'mountinfo'), lock: join(dir, 'world.lock') };
}

/** True when `dir` holds a world. */
export function hasWorld(dir: string): boolean {
  return existsSync(locateWorldFiles(dir).world);
}

/** A world in `dir`; `initial` is saved there first when the folder holds none yet. */
export function openFolderStore(dir: string, initial?: World): WorldStore {
  const paths = locateWorldFiles(dir);
  mkdirSync(dir, { recursive: true });
  // The last world read or written, and the identity of the file it came from: a rename gives a new inode, so an
  // unchanged (inode, size, mtime) means nobody wrote since.
  let cached: { key: string; world: World } | undefined;
  const fileKey = (): string => {
    const stat = statSync(paths.world);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  };
  const save = (world: World): void => {
    writeAtomically(paths.world, encodeWorld(world));
    writeAtomically(paths.mountinfo, renderMountinfo(world));
    cached = { key: fileKey(), world };
  };
  const locked = <T>(action: () => T): T => {
    const fd = openSync(paths.lock, 'a');
    try {
      fsx.waitForLockSync(fd);
      return action();
    } finally {
      fsx.unlock(fd);
      closeSync(fd);
    }
  };
  if (initial !== undefined) locked(() => { if (!existsSync(paths.world)) save(initial); });
  return {
    dir,
    transact(change) {
      return locked(() => {
        const key = fileKey();
        const world = cached?.key === key ? cached.world : decodeWorld(readFileSync(paths.world, 'utf8'), paths.world);
        cached = { key, world };
        const before = world.revision;
        try {
          return change(world);
        } finally {
          if (world.revision !== before) save(world);
        }
      });
    },
  };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
