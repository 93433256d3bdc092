// The plan: per volume, what to create, repair, expire, keep or leave alone, each with its reason. Plain data, so
// it crosses the worker boundary and renders as text or JSON unchanged.
import type { SnapshotType } from '../config/types.ts';

/** Everything the pipelines need to know about one snapshot of ours, derived by the planner. */
export interface SnapshotTarget {
  volume: string;
  vg: string;
  origin: string;
  /** LV name `<origin>-YYYYmmddHHMMSS`. */
  name: string;
  createdAt: string;
  expiresAt: string;
  type: SnapshotType;
  /** `/dev/VG/LV`. */
  device: string;
  mountDir: string;
  linkPath?: string;
  mountOptions: string[];
  exportClients: string[];
  /** Options for exportfs, `fsid=` already included. */
  exportOptions: string[];
}

export interface CreateSpec extends SnapshotTarget {
  size?: string;
  /**
   * The origin's filesystem type from the mount table: a snapshot taken now has the same, so the pipeline needs
   * no blkid for it. Unset when the origin is not mounted.
   */
  fsType?: string;
  tags: string[];
  /** The rules that matched, for the report. */
  rules: string[];
}

/** What a live snapshot lacks. */
export interface RepairNeeds {
  activate: boolean;
  mount: boolean;
  link: boolean;
  exportClients: string[];
}

/** What still stands of a snapshot that is going away; lvremove is batched per VG by the coordinator. */
export interface TeardownNeeds {
  unexportClients: string[];
  unlink: boolean;
  unmount: boolean;
  rmdir: boolean;
  /** false when the LV is already gone (removed by hand): only leftovers are cleaned. */
  removeLv: boolean;
  /** Things in the snapshot's place that are not ours (a link pointing elsewhere, another mount): reported refused. */
  leftAlone: { what: 'link' | 'mount'; reason: string }[];
}

export type PlanEntry =
  | { kind: 'create'; volume: string; reason: string; snapshot: CreateSpec }
  | { kind: 'repair'; volume: string; reason: string; snapshot: SnapshotTarget; needs: RepairNeeds }
  | { kind: 'keep'; volume: string; reason: string; snapshot: SnapshotTarget }
  | { kind: 'expire'; volume: string; reason: string; snapshot: SnapshotTarget; needs: TeardownNeeds; requested: boolean }
  | { kind: 'forget'; volume: string; reason: string; snapshot: SnapshotTarget; needs: TeardownNeeds }
  | { kind: 'skip'; volume: string; reason: string; status: 'skipped' | 'pool_full' | 'failed' }
  | { kind: 'refuse'; volume: string; reason: string; vg: string; lv: string };

export type PlanKind = PlanEntry['kind'];

/** The plan of one volume (or of the orphans of a VG, under the pseudo-volume name of the orphan group). */
export interface VolumePlan {
  volume: string;
  vg: string;
  entries: PlanEntry[];
}

export interface Plan {
  now: string;
  volumes: VolumePlan[];
  /** Tagged LVs that belong to no configured volume and no state entry: listed, never touched. */
  orphans: { vg: string; lv: string; reason: string }[];
}
