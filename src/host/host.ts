// What the coordinator talks to: the command boundary, the mount table, and how worker threads reach the same host.
import { readFile } from 'node:fs/promises';
import type { HostSpec } from '../workers/job-types.ts';
import type { CommandRunner } from './command.ts';
import { createExecRunner } from './exec.ts';

export interface Host {
  runner: CommandRunner;
  /** The text of the mount table in /proc/self/mountinfo format. */
  readMountinfo(): Promise<string>;
  /** How a worker thread reaches this host. */
  workerHost: HostSpec;
}

/** The real host: commands through execa, the kernel's mount table. */
export function createRealHost(mountinfoPath = '/proc/self/mountinfo'): Host {
  return {
    runner: createExecRunner(),
    readMountinfo: () => readFile(mountinfoPath, 'utf8'),
    workerHost: { kind: 'exec' },
  };
}
