// The simulated host's state: volume groups and their logical volumes, the mount table, the NFS export table,
// and the knobs (latency, faults, clock, random state) that travel with it. Plain data plus lookups. Pure.

import type { CommandKind } from './command-types.ts';
import type { ExportOptions } from './export-options.ts';
import { Etab } from './export-etab.ts';
import type { MountIndex } from './mount-index.ts';

/** The file systems the simulated host knows. */
export type FsType = 'ext4' | 'xfs';

/** A file system on an LV. A snapshot carries its origin's, UUID included. */
export interface Filesystem {
  type: FsType;
  uuid: string;
  /** Taken while mounted: its log needs recovery before a read-only mount can replay it (XFS: norecovery). */
  logDirty: boolean;
}

/** `cow` is a classic (thick) snapshot's exception store. */
export type LvKind = 'thin-pool' | 'thin' | 'linear' | 'cow';

/** One logical volume. */
export interface Lv {
  name: string;
  uuid: string;
  kind: LvKind;
  /** Virtual size (thin), data size (pool), exception store size (cow), size (linear). */
  sizeBytes: number;
  /** The thin pool of a thin LV, '' otherwise. */
  pool: string;
  /** The origin of a thin or classic snapshot, '' otherwise. */
  origin: string;
  tags: string[];
  /** Creation time, seconds since the epoch. */
  createdSec: number;
  active: boolean;
  skipActivation: boolean;
  /** Data usage (thin LV, pool) or exception store usage (cow), in percent. */
  usagePercent: number;
  /** Pool metadata usage in percent; 0 for others. */
  metadataPercent: number;
  /** Pool metadata LV size; 0 for others. */
  metadataBytes: number;
  fs: Filesystem | null;
  /** Device-mapper minor while active. */
  dmMinor: number | null;
}

/** One volume group; `lvs` keeps lvm's metadata order (creation order). */
export interface Vg {
  name: string;
  sizeBytes: number;
  extentBytes: number;
  lvs: Map<string, Lv>;
  /** Cache of the LVs sorted by name; dropped whenever an LV is added or removed. Never saved. */
  sorted?: Lv[];
  /** Classic snapshots by origin, thin LVs by pool and by origin, kept by addLv and removeLv. Never saved. */
  dependents?: Map<string, Set<Lv>>;
}

/** One line of the mount table. */
export interface MountRecord {
  id: number;
  parentId: number;
  /** `major:minor`. */
  device: string;
  target: string;
  fsType: string;
  source: string;
  mountOptions: string[];
  superOptions: string[];
  /** The LV mounted here, if any. */
  lv: { vg: string; name: string } | null;
  /** In fstab: mounted again at boot. */
  persistent: boolean;
}

/** One line of the NFS export table (/var/lib/nfs/etab, or /etc/exports). */
export interface ExportRecord {
  path: string;
  client: string;
  options: ExportOptions;
}

/** How long one kind of command takes: process start, then its (locked) work, plus a cost per item. */
export interface Latency {
  startMs: number;
  lockedMs: number;
  perItemMs?: number;
}

/** What an injected fault does to a command. */
export type FaultEffect =
  | { type: 'fail'; exitCode: number; stderr: string; stdout?: string }
  | { type: 'hang' };

/** A fault: the `nth` (1-based) matching call of `kind`, and the `times - 1` after it, get `effect`. */
export interface FaultSpec {
  kind: CommandKind;
  nth?: number;
  times?: number;
  /** Only calls whose argv, joined by spaces, contains this. */
  argvIncludes?: string;
  effect: FaultEffect;
  /** 'before': instead of the command; 'after': once the command has done its work (default 'before'). */
  when?: 'before' | 'after';
}

/** A fault and how many matching calls it has seen. */
export interface FaultRecord extends FaultSpec {
  seen: number;
}

/** The whole simulated host. */
export interface World {
  /** Bumped by every change, so stores know when to save. */
  revision: number;
  randomState: number;
  /** When set, the time every new LV gets (ms since the epoch); otherwise the wall clock. */
  clockMs: number | null;
  vgs: Map<string, Vg>;
  mounts: MountRecord[];
  /** The export table (etab). */
  exports: Etab;
  /** /etc/exports: what `exportfs -r` and a boot export. */
  etcExports: ExportRecord[];
  faults: FaultRecord[];
  latency: Partial<Record<CommandKind, Latency>>;
  nextMountId: number;
  nextDmMinor: number;
  /** Lookups into `mounts`, kept by the mount operations; never saved. */
  mountIndex?: MountIndex;
}

/** The mount id of the root file system; new mounts count up from the next one. */
export const ROOT_MOUNT_ID = 21;

/** lvm's default physical extent size. */
export const DEFAULT_EXTENT_BYTES = 4 * 1024 * 1024;

/** The root file system every world starts with (mounts hang below it). */
export function makeRootMount(): MountRecord {
  return {
    id: ROOT_MOUNT_ID, parentId: 1, device: '8:1', target: '/', fsType: 'ext4', source: '/dev/sda1',
    mountOptions: ['rw', 'relatime'], superOptions: ['rw'], lv: null, persistent: true,
  };
}

/** An empty world: no VGs, the root file system mounted, nothing exported. */
export function createWorld(seed: number): World {
  return {
    revision: 0, randomState: seed >>> 0, clockMs: null, vgs: new Map(), mounts: [makeRootMount()], exports: new Etab(),
    etcExports: [], faults: [], latency: {}, nextMountId: ROOT_MOUNT_ID + 1, nextDmMinor: 0,
  };
}

/** Records that the world changed. */
export function touch(world: World): void {
  world.revision += 1;
}

/** A VG's LVs sorted by name as lvm sorts them (byte order), cached until the VG's LV set changes. */
export function listSortedLvs(vg: Vg): Lv[] {
  vg.sorted ??= [...vg.lvs.values()].sort((a, b) => compareBytes(a.name, b.name));
  return vg.sorted;
}

/** VG names in lvm's order (byte order). */
export function listSortedVgNames(world: World): string[] {
  return [...world.vgs.keys()].sort(compareBytes);
}

/** strcmp(3) order for ASCII names. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Space the VG's LVs take: pools with their metadata and the shared spare, linear LVs, exception stores. */
export function computeVgUsedBytes(vg: Vg): number {
  let used = 0;
  let spare = 0;
  for (const lv of vg.lvs.values()) {
    if (lv.kind === 'thin-pool') {
      used += lv.sizeBytes + lv.metadataBytes;
      spare = Math.max(spare, lv.metadataBytes);
    } else if (lv.kind !== 'thin') used += lv.sizeBytes;
  }
  return used + spare;
}

/** Free space in the VG. */
export function computeVgFreeBytes(vg: Vg): number {
  return vg.sizeBytes - computeVgUsedBytes(vg);
}

/** The current time for new LVs, in seconds. */
export function readWorldClockSec(world: World): number {
  return Math.floor((world.clockMs ?? Date.now()) / 1000);
}
