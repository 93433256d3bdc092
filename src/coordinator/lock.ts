// The one global lock of a run: a kernel advisory lock (flock) on lock_file, which the kernel releases when the
// process dies, even by SIGKILL, so a crash never leaves a stale lock behind.
import { open, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import fsx from 'fs-native-extensions';
import { LockHeldError } from '../errors.ts';

export interface RunLock {
  release(): Promise<void>;
}

/** Takes the lock at once or throws LockHeldError; never waits. */
export async function acquireRunLock(path: string): Promise<RunLock> {
  await mkdir(dirname(path), { recursive: true });
  const handle: FileHandle = await open(path, 'a', 0o600);
  if (!fsx.tryLock(handle.fd)) {
    await handle.close();
    throw new LockHeldError(`another lvmsnapper run holds ${path}`);
  }
  await handle.truncate(0);
  await handle.write(`${process.pid}\n`, 0);
  return {
    release: async () => {
      fsx.unlock(handle.fd);
      await handle.close();
    },
  };
}
