// The changes every command and the control API make to the world: LVs in and out, activation, mounts. Pure.

import type { Filesystem, Lv, MountRecord, Vg, World } from './world.ts';
import { findEnclosingMount, indexMount, listMountsOfLv, unindexMount } from './mount-index.ts';
import { drawLvUuid } from './random.ts';
import { ROOT_MOUNT_ID, makeRootMount, touch, readWorldClockSec } from './world.ts';

/** A new LV record: active, untagged, empty, created now, with a fresh uuid unless given. */
export function makeLv(world: World, fields: Pick<Lv, 'name' | 'kind' | 'sizeBytes'> & Partial<Lv>): Lv {
  return {
    uuid: fields.uuid ?? drawLvUuid(world),
    pool: '', origin: '', tags: [], createdSec: readWorldClockSec(world), active: true, skipActivation: false,
    usagePercent: 0, metadataPercent: 0, metadataBytes: 0, fs: null, dmMinor: null,
    ...fields,
  };
}

/**
 * The file system a snapshot of `origin` gets: the same, UUID included. Taken while the origin was mounted, its
 * log holds unreplayed transactions (a crash-consistent copy).
 */
export function copyFilesystemForSnapshot(world: World, vg: Vg, origin: Lv): Filesystem | null {
  if (origin.fs === null) return null;
  return { ...origin.fs, logDirty: origin.fs.logDirty || isMounted(world, vg.name, origin.name) };
}

/** Adds an LV at the end of its VG's metadata (lvm appends new LVs). */
export function addLv(world: World, vg: Vg, lv: Lv): void {
  vg.lvs.set(lv.name, lv);
  delete vg.sorted;
  if (vg.dependents !== undefined) indexDependent(vg.dependents, lv);
  if (lv.active) assignMinor(world, lv);
  touch(world);
}

/**
 * Removes an LV. Thin snapshots of a removed thin origin live on without an origin: thin snapshots are
 * independent volumes sharing blocks (lvmthin(7), "Removing the origin").
 */
export function removeLv(world: World, vg: Vg, lv: Lv): void {
  vg.lvs.delete(lv.name);
  delete vg.sorted;
  for (const key of dependentKeys(lv)) vg.dependents?.get(key)?.delete(lv);
  if (lv.kind === 'thin') {
    for (const snapshot of listDependents(vg, `thin-origin:${lv.name}`)) snapshot.origin = '';
    vg.dependents?.delete(`thin-origin:${lv.name}`);
  }
  touch(world);
}

// Whose dependent an LV is: a classic snapshot its origin's, a thin LV its pool's and its thin origin's.
function dependentKeys(lv: Lv): string[] {
  if (lv.kind === 'cow') return [`origin:${lv.origin}`];
  if (lv.kind !== 'thin') return [];
  return lv.origin === '' ? [`pool:${lv.pool}`] : [`pool:${lv.pool}`, `thin-origin:${lv.origin}`];
}

function indexDependent(index: Map<string, Set<Lv>>, lv: Lv): void {
  for (const key of dependentKeys(lv)) {
    const set = index.get(key) ?? new Set();
    set.add(lv);
    index.set(key, set);
  }
}

function listDependents(vg: Vg, key: string): Lv[] {
  if (vg.dependents === undefined) {
    vg.dependents = new Map();
    for (const lv of vg.lvs.values()) indexDependent(vg.dependents, lv);
  }
  return [...(vg.dependents.get(key) ?? [])];
}

/** Activates an LV, giving it a device-mapper minor. */
export function activateLv(world: World, lv: Lv): void {
  if (lv.active) return;
  lv.active = true;
  assignMinor(world, lv);
  touch(world);
}

/** Deactivates an LV: its device goes away. */
export function deactivateLv(world: World, lv: Lv): void {
  if (!lv.active) return;
  lv.active = false;
  lv.dmMinor = null;
  touch(world);
}

function assignMinor(world: World, lv: Lv): void {
  lv.dmMinor = world.nextDmMinor;
  world.nextDmMinor += 1;
}

/** True when the LV is mounted somewhere. */
export function isMounted(world: World, vg: string, name: string): boolean {
  return listMountsOfLv(world, vg, name).length > 0;
}

/** The mount table entries of one LV, in mount order. */
export function listLvMounts(world: World, vg: string, name: string): MountRecord[] {
  return [...listMountsOfLv(world, vg, name)];
}

/** The classic (cow) snapshots whose origin is `origin`, in metadata order. */
export function listClassicSnapshots(vg: Vg, origin: string): Lv[] {
  return listDependents(vg, `origin:${origin}`);
}

/** The thin LVs of a pool, in metadata order. */
export function listThinLvs(vg: Vg, pool: string): Lv[] {
  return listDependents(vg, `pool:${pool}`);
}

/** What lvm removes before an LV: a pool's thin LVs, a classic origin's snapshots (lv_remove_with_dependencies). */
export function listRemovalDependents(vg: Vg, lv: Lv): Lv[] {
  return lv.kind === 'thin-pool' ? listThinLvs(vg, lv.name) : lv.kind === 'cow' ? [] : listClassicSnapshots(vg, lv.name);
}

/** What a new mount table line needs; id, parent and device are filled in. */
export type NewMount = Omit<MountRecord, 'id' | 'parentId' | 'device'> & { device?: string };

/**
 * Adds a mount. Its parent is the mount it lands on: the latest one on the longest path that contains its target
 * (proc(5), mountinfo "parent ID").
 */
export function addMount(world: World, mount: NewMount, lv: Lv | undefined): MountRecord {
  const record: MountRecord = {
    ...mount,
    id: world.nextMountId,
    parentId: findEnclosingMount(world, mount.target)?.id ?? ROOT_MOUNT_ID,
    device: mount.device ?? (lv?.dmMinor !== null && lv !== undefined ? `254:${lv.dmMinor}` : '0:0'),
  };
  world.nextMountId += 1;
  world.mounts.push(record);
  indexMount(world, record);
  touch(world);
  return record;
}

/** True when `inner` is `outer` or lies below it. */
export function containsPath(outer: string, inner: string): boolean {
  if (outer === '/') return inner.startsWith('/');
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** Removes one mount table line. */
export function removeMount(world: World, mount: MountRecord): void {
  world.mounts = world.mounts.filter((other) => other !== mount);
  unindexMount(world, mount);
  touch(world);
}

/** The mount table as it is right after a boot: the root and whatever fstab mounts again. */
export function remountAtBoot(world: World, persistent: readonly MountRecord[]): void {
  world.mounts = [makeRootMount()];
  delete world.mountIndex;
  world.nextMountId = ROOT_MOUNT_ID + 1;
  for (const mount of persistent) {
    if (mount.id === ROOT_MOUNT_ID) continue;
    const lv = mount.lv === null ? undefined : world.vgs.get(mount.lv.vg)?.lvs.get(mount.lv.name);
    if (mount.lv !== null && lv?.active !== true) continue;
    addMount(world, { ...mount, device: lv === undefined ? mount.device : undefined }, lv);
  }
}
