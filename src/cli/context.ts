// What every command gets from the composition root: the loaded config, the host, the instant, the output.
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { JobPool } from '../coordinator/job-pool.ts';
import type { Host } from '../host/host.ts';

export interface Output {
  write(text: string): void;
  isTty: boolean;
}

export interface CommandContext {
  config: Config;
  host: Host;
  /** The instant rules and expiry are evaluated at: `--now`, or the clock when the command started. */
  now: Date;
  json: boolean;
  /** `--volume` names, checked against the config; undefined means all. */
  volumes?: ReadonlySet<string>;
  concurrency: number;
  /** One lvremove per VG (default) or per snapshot. */
  removal: 'vg' | 'snapshot';
  logger: Logger;
  stdout: Output;
  stderr: Output;
  /** A pool for a run over `volumes` volumes: worker threads or this thread, as `usesWorkerThreads` decides. */
  createPool(concurrency: number, volumes: number): JobPool;
}
