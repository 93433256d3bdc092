// The part of fs-native-extensions (a native addon without bundled types) that lvmsnapper uses.
declare module 'fs-native-extensions' {
  /** flock(fd, LOCK_EX | LOCK_NB) (or LOCK_SH with exclusive = false): true when taken. */
  export function tryLock(fd: number, exclusive?: boolean): boolean;
  /** flock(fd, LOCK_EX), waiting in a libuv thread. */
  export function waitForLock(fd: number, exclusive?: boolean): Promise<void>;
  export function unlock(fd: number): void;
  /** flock(fd, LOCK_EX), blocking the calling thread. */
  export function waitForLockSync(fd: number): void;
  const fsx: {
    tryLock: typeof tryLock; waitForLock: typeof waitForLock; waitForLockSync: typeof waitForLockSync; unlock: typeof unlock;
  };
  export default fsx;
}
