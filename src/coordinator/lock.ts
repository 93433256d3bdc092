// The one global lock of a run: a kernel advisory lock on lock_file (fs-native-extensions takes an open file
// description lock, fcntl F_OFD_SETLK, on the whole file), which the kernel releases when the process dies, even by
// SIGKILL, so a crash never leaves a stale lock behind. It conflicts with POSIX record locks, such as the original
// tool's lockf on the same file; flock(2) locks are another kind and do not see it.
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HostError, LockHeldError } from '../errors.ts';
import { ensureDir } from '../host/paths.ts';

export interface RunLock {
  release(): Promise<void>;
}

/** Takes the lock at once or throws LockHeldError; never waits. */
export async function acquireRunLock(path: string): Promise<RunLock> {
  // Loaded here, not at start-up: the addon and its loader are some twenty files that only runs that change
  // something need (start-up cost is what a small run mostly pays on a slow root, see README "Performance").
  const { default: fsx } = await import('fs-native-extensions');
  let handle: FileHandle;
  try {
    await ensureDir(dirname(path));
    handle = await open(path, 'a', 0o600);
  } catch (error) {
    throw new HostError(`lock_file ${path} cannot be opened: ${(error as Error).message}; nothing was done`);
  }
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
