// The validated configuration: what the rest of the program reads. Produced only by loadConfig().

/** A parsed `match` rule: the allowed values of each field, already expanded (cron semantics). */
export interface MatchRule {
  /** Source text, for reports. */
  text: string;
  hours: ReadonlySet<number>;       // 0-23
  /** ISO day of week: 1 = Monday … 7 = Sunday (0 in the config is folded into 7). */
  daysOfWeek: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>; // 1-31
  months: ReadonlySet<number>;      // 1-12
}

/** A parsed `expire_after`: fixed-length part in milliseconds plus calendar months (years are 12 months). */
export interface Duration {
  text: string;
  milliseconds: number;
  months: number;
}

export interface ExpireRule {
  /** Section name, e.g. `expire_daily`. */
  name: string;
  match: MatchRule;
  expireAfter: Duration;
}

export type SnapshotType = 'thin' | 'thick';

export interface VolumeConfig {
  /** Section name: the volume's name in reports and on the command line. */
  name: string;
  vg: string;
  lv: string;
  /** Mount point of the origin (informational, used by samba-config). */
  mount: string;
  snapdir: string;
  linkdir?: string;
  /** Mount options for the snapshot; always contains `ro`. */
  mountOptions: string[];
  nfsExports: string[];
  nfsOptions: string[];
  snapshotType: SnapshotType;
  /** lvcreate -L argument for thick snapshots (`2G`, `10%ORIGIN`). */
  snapshotSize?: string;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** Per-command timeouts in milliseconds. */
export interface CommandTimeouts {
  lvm: number;
  mount: number;
  exportfs: number;
  blkid: number;
  /** A whole volume pipeline. */
  pipeline: number;
}

export interface Config {
  /** Absolute path of the file this came from. */
  path: string;
  enabled: boolean;
  /** Absolute path (a relative one in the file is relative to the config file's folder). */
  statefile: string;
  lvmTag: string;
  lockFile: string;
  /** IANA zone name; `local` is resolved to the process's zone at load time. */
  timezone: string;
  maxPoolDataPercent: number;
  maxPoolMetadataPercent: number;
  concurrency: number;
  /**
   * Runs over at least this many volumes use worker threads on hosts with cores for two workers; the others stay in
   * the coordinator's thread. 0: always worker threads.
   */
  workerThreadsFrom: number;
  metricsFile?: string;
  timeouts: CommandTimeouts;
  logLevel: LogLevel;
  expireRules: ExpireRule[];
  volumes: VolumeConfig[];
}
