// The run record: one structured report per volume, each step with its command, duration and error. The text
// table, `--json` and the metrics file all read this same object.
import type { PlanKind } from '../plan/types.ts';

export type VolumeStatus = 'ok' | 'skipped' | 'pool_full' | 'failed' | 'refused';
export type StepStatus = 'ok' | 'failed' | 'refused';

export type StepName =
  | 'lvcreate' | 'activate' | 'blkid' | 'mkdir' | 'mount' | 'link' | 'export'
  | 'unexport' | 'unlink' | 'umount' | 'rmdir' | 'lvremove' | 'inventory' | 'plan';

export interface StepReport {
  step: StepName;
  status: StepStatus;
  /** The argv, for steps that ran a command. */
  command?: string[];
  durationMs: number;
  error?: string;
  /** lvm's WARNING lines and other stderr of a successful command: kept for the report and the debug log. */
  warnings?: string[];
  /** Extra facts worth keeping, e.g. the filesystem type found by blkid. */
  detail?: string;
  /**
   * Set when one command acted for several snapshots (a VG's umount or lvremove): `command` is then this
   * snapshot's share of it, `size` how many the command carried, and steps with the same `call` were that one
   * process. Repeating the whole command in every snapshot's step would make the report grow with the square of a
   * VG's expired snapshots.
   */
  batch?: { call: number; size: number };
}

/** The outcome of one plan entry of a volume. */
export interface ActionReport {
  kind: PlanKind;
  status: VolumeStatus;
  reason: string;
  /** The snapshot LV name the action is about, if any. */
  snapshot?: string;
  expiresAt?: string;
  steps: StepReport[];
  error?: string;
}

export interface VolumeReport {
  volume: string;
  vg: string;
  /** The worst status among the actions: failed > refused > pool_full > ok > skipped. */
  status: VolumeStatus;
  actions: ActionReport[];
  durationMs: number;
}

export interface PoolReport {
  vg: string;
  pool: string;
  dataPercent?: number;
  metadataPercent?: number;
}

export interface RunReport {
  /** Schema version of this document. */
  version: 1;
  command: string;
  dryRun: boolean;
  now: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  exitCode: number;
  /** How many volumes ended with each status. */
  summary: Record<VolumeStatus, number>;
  volumes: VolumeReport[];
  orphans: { vg: string; lv: string; reason: string }[];
  pools: PoolReport[];
  /** Run-level notices: a state file set aside, a second inventory after a failed removal, … */
  notices: string[];
}

const severity: Record<VolumeStatus, number> = { skipped: 0, ok: 1, pool_full: 2, refused: 3, failed: 4 };

/** The worst of several statuses; `skipped` when there are none. */
export function worstStatus(statuses: Iterable<VolumeStatus>): VolumeStatus {
  let worst: VolumeStatus = 'skipped';
  for (const status of statuses) if (severity[status] > severity[worst]) worst = status;
  return worst;
}
