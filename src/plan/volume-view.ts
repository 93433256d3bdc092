// The part of the inventory and state that concerns one volume: what the planner (in the coordinator or in a
// worker for a dry run) needs, small enough to cross the worker boundary. Pure.
import type { VolumeConfig } from '../config/types.ts';
import type { ExportEntry, Inventory, LinkEntry, LogicalVolume, MountEntry } from '../host/inventory-types.ts';
import type { StateSnapshot } from '../state/state-schema.ts';
import { lvDevicePath, mapperDevicePath } from './naming.ts';

export interface VolumeView {
  vgMissing: boolean;
  origin?: LogicalVolume;
  pool?: LogicalVolume;
  /** The filesystem type the mount table shows for the origin, when it is mounted. */
  originFsType?: string;
  /** LVs of the VG that may be snapshots of this volume: tagged and named like ours, or with it as origin. */
  candidates: LogicalVolume[];
  /** `vg/lv` names that are the origin of some LV (for the "is itself an origin" check). */
  origins: string[];
  /** Candidates that some section of the config names as its volume: never removed as a snapshot. */
  configuredOrigins: string[];
  /** Mounts of the snapdirs this volume's snapshots are in: the configured one and those the journal records. */
  mounts: MountEntry[];
  exports: ExportEntry[];
  links: LinkEntry[];
  mountDirs: string[];
  stateEntries: StateSnapshot[];
}

/** Indexes of an inventory so that slicing thousands of volumes stays linear. */
export interface InventoryIndex {
  /** LVs by `vg/origin` and by `vg/<name without its last -suffix>`: where a volume's snapshots can be. */
  byOriginOrStem: Map<string, LogicalVolume[]>;
  byVgName: Map<string, LogicalVolume>;
  origins: Set<string>;
  /** `vg/lv` of every configured volume. */
  configuredOrigins: Set<string>;
  missingVgs: Set<string>;
  mountsByDir: Map<string, MountEntry[]>;
  /** Filesystem type by mount source. */
  fsTypeBySource: Map<string, string>;
  exportsByDir: Map<string, ExportEntry[]>;
  linksByDir: Map<string, LinkEntry[]>;
  mountDirsByDir: Map<string, string[]>;
  /**
   * Journal entries by the `vg/origin` they record. A snapshot belongs to the volume of its origin, not to the
   * section name it was recorded under: a renamed section keeps its snapshots, and a section pointed at another LV
   * leaves the old LV's snapshots to expire as a removed section's would.
   */
  stateByOrigin: Map<string, StateSnapshot[]>;
}

/** Builds the indexes once per run. */
export function indexInventory(inventory: Inventory, stateEntries: Iterable<StateSnapshot>, configuredOrigins: Iterable<string>): InventoryIndex {
  const index: InventoryIndex = {
    byOriginOrStem: new Map(), byVgName: new Map(), origins: new Set(), configuredOrigins: new Set(configuredOrigins),
    missingVgs: new Set(inventory.missingVgs), mountsByDir: new Map(), fsTypeBySource: new Map(),
    exportsByDir: new Map(), linksByDir: new Map(), mountDirsByDir: new Map(), stateByOrigin: new Map(),
  };
  for (const lv of inventory.lvs) {
    if (lv.origin) push(index.byOriginOrStem, `${lv.vg}/${lv.origin}`, lv);
    const cut = lv.name.lastIndexOf('-');
    if (cut > 0 && lv.origin !== lv.name.slice(0, cut)) push(index.byOriginOrStem, `${lv.vg}/${lv.name.slice(0, cut)}`, lv);
    index.byVgName.set(`${lv.vg}/${lv.name}`, lv);
    if (lv.origin) index.origins.add(`${lv.vg}/${lv.origin}`);
  }
  for (const mount of inventory.mounts) {
    push(index.mountsByDir, parentOf(mount.target), mount);
    index.fsTypeBySource.set(mount.source, mount.fsType);
  }
  for (const entry of inventory.exports) push(index.exportsByDir, parentOf(entry.path), entry);
  for (const link of inventory.links) push(index.linksByDir, parentOf(link.path), link);
  for (const dir of inventory.mountDirs) push(index.mountDirsByDir, parentOf(dir), dir);
  for (const entry of stateEntries) push(index.stateByOrigin, `${entry.vg}/${entry.origin}`, entry);
  return index;
}

/** The view of one volume: configured, or rebuilt from the journal for a removed section. */
export function viewVolume(volume: VolumeConfig, index: InventoryIndex): VolumeView {
  const origin = index.byVgName.get(`${volume.vg}/${volume.lv}`);
  const stateEntries = index.stateByOrigin.get(`${volume.vg}/${volume.lv}`) ?? [];
  const candidates = withRecordedLvs(index.byOriginOrStem.get(`${volume.vg}/${volume.lv}`) ?? [], stateEntries, index);
  const originFsType = index.fsTypeBySource.get(mapperDevicePath(volume.vg, volume.lv)) ?? index.fsTypeBySource.get(lvDevicePath(volume.vg, volume.lv));
  // A snapshot stays where it was made: after `snapdir` or `linkdir` changed, the journal knows the old folders.
  const snapdirs = unique([volume.snapdir, ...stateEntries.map((entry) => parentOf(entry.mountDir))]);
  const linkdirs = unique([
    ...(volume.linkdir ? [volume.linkdir] : []),
    ...stateEntries.flatMap((entry) => (entry.linkPath !== undefined ? [parentOf(entry.linkPath)] : [])),
  ]);
  const names = candidates.map((lv) => `${lv.vg}/${lv.name}`);
  return {
    vgMissing: index.missingVgs.has(volume.vg),
    origin,
    ...(originFsType !== undefined ? { originFsType } : {}),
    pool: origin?.pool ? index.byVgName.get(`${volume.vg}/${origin.pool}`) : undefined,
    candidates,
    origins: names.filter((name) => index.origins.has(name)),
    configuredOrigins: names.filter((name) => index.configuredOrigins.has(name)),
    mounts: snapdirs.flatMap((dir) => index.mountsByDir.get(dir) ?? []),
    exports: snapdirs.flatMap((dir) => index.exportsByDir.get(dir) ?? []),
    links: linkdirs.flatMap((dir) => index.linksByDir.get(dir) ?? []),
    mountDirs: snapdirs.flatMap((dir) => index.mountDirsByDir.get(dir) ?? []),
    stateEntries,
  };
}

/**
 * The candidates, plus any LV a journal entry names that they lack (a journal edited by hand): such an LV is then
 * refused by the identity checks rather than its entry forgotten and its mount torn down while it still exists.
 */
function withRecordedLvs(candidates: LogicalVolume[], stateEntries: StateSnapshot[], index: InventoryIndex): LogicalVolume[] {
  const listed = new Set(candidates.map((lv) => lv.name));
  const recorded = stateEntries.flatMap((entry) => {
    const lv = listed.has(entry.name) ? undefined : index.byVgName.get(`${entry.vg}/${entry.name}`);
    return lv !== undefined ? [lv] : [];
  });
  return recorded.length > 0 ? [...candidates, ...recorded] : candidates;
}

/** The folder part of an absolute path, without a trailing slash. */
export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** The values in their first order, each once. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
