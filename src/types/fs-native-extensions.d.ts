// The part of fs-native-extensions (a native addon without bundled types) that lvmsnapper uses.
declare module 'fs-native-extensions' {
  /** fcntl(fd, F_OFD_SETLK) on the whole file, a write lock (a read lock with exclusive = false): true when taken. */
  export function tryLock(fd: number, exclusive?: boolean): boolean;
  /** fcntl(fd, F_OFD_SETLKW), waiting in a libuv thread. */
  export function waitForLock(fd: number, exclusive?: boolean): Promise<void>;
  export function unlock(fd: number): void;
  /** fcntl(fd, F_OFD_SETLKW), blocking the calling thread. */
  export function waitForLockSync(fd: number): void;
  const fsx: {
    tryLock: typeof tryLock; waitForLock: typeof waitForLock; waitForLockSync: typeof waitForLockSync; unlock: typeof unlock;
  };
  export default fsx;
}
