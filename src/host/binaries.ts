// The external programs lvmsnapper runs, by bare name. They are looked up through PATH when each command starts,
// never by absolute path, so the fake executables of the simulated host, put first on PATH, win over the real ones.

/** Every binary a command may start: argv[0] of every CommandRequest comes from here. */
export const BINARIES = {
  lvm: 'lvm',
  mount: 'mount',
  umount: 'umount',
  blkid: 'blkid',
  exportfs: 'exportfs',
} as const;

export type Binary = (typeof BINARIES)[keyof typeof BINARIES];

// lvm, blkid and exportfs live in sbin folders, which cron leaves out of PATH (Debian's cron runs a user crontab,
// root's included, with PATH=/usr/bin:/bin; crontab(5) "PATH is set to /usr/bin:/bin"), so they are appended.
const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The PATH commands run with: the caller's own entries first (unchanged order), then any missing system folder.
 * Empty entries, which mean the current folder to execvp(3), are dropped: root never runs a binary from wherever
 * it happened to be started.
 */
export function buildSearchPath(callerPath: string | undefined): string {
  const entries = (callerPath ?? '').split(':').filter((entry) => entry !== '');
  const missing = SYSTEM_BIN_DIRS.filter((dir) => !entries.includes(dir));
  return [...entries, ...missing].join(':');
}
