// What crosses the worker boundary: plain data only (piscina clones it; the gate's buffer and the command port are
// shared/transferred, nothing else).
import type { MessagePort } from 'node:worker_threads';
import type { CommandTimeouts, VolumeConfig } from '../config/types.ts';
import type { VgGateHandle } from '../coordinator/vg-gate.ts';
import type { PlanContext, VolumePlanOptions } from '../plan/plan-volume.ts';
import type { PlanEntry } from '../plan/types.ts';
import type { VolumeView } from '../plan/volume-view.ts';
import type { VolumeReport } from '../report/types.ts';

/**
 * How a worker reaches the host: run commands itself (the real host), ask the coordinator over a port (a simulated
 * host in the coordinator's thread), or connect to a simulated host served on a Unix socket by another process.
 */
export type HostSpec = { kind: 'exec' } | { kind: 'remote' } | { kind: 'socket'; path: string };

/** Execute one volume's planned entries. */
export interface ExecuteJob {
  kind: 'execute';
  volume: string;
  vg: string;
  entries: PlanEntry[];
  timeouts: CommandTimeouts;
  gate: VgGateHandle;
  host: HostSpec;
  commandPort?: MessagePort;
}

/** Plan a batch of volumes (a dry run fans out over the pool too; batches keep the messages few). */
export interface PlanJob {
  kind: 'plan';
  context: PlanContext;
  volumes: { volume: VolumeConfig; view: VolumeView; options: VolumePlanOptions }[];
}

export type WorkerTask = ExecuteJob | PlanJob;

/**
 * What an execute job returns: the report, plus the teardowns (indexes of the job's entries) whose exports and link
 * are gone, for the coordinator to finish with one umount and one lvremove per VG.
 */
export interface ExecuteResult {
  report: VolumeReport;
  toFinish: number[];
}
