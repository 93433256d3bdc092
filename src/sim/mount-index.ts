// Lookups into the mount table by LV and by mount point, kept up to date by the mount operations, so that a
// world of thousands of mounts answers "is it mounted" and "what does this land on" without a scan. Pure.

import type { MountRecord, World } from './world.ts';

/** The mounts of each LV (`vg/lv`) and on each mount point, in mount order. */
export interface MountIndex {
  byLv: Map<string, MountRecord[]>;
  byTarget: Map<string, MountRecord[]>;
}

function lvKey(mount: MountRecord): string | undefined {
  return mount.lv === null ? undefined : `${mount.lv.vg}/${mount.lv.name}`;
}

function append(map: Map<string, MountRecord[]>, key: string | undefined, mount: MountRecord): void {
  if (key !== undefined) map.set(key, [...(map.get(key) ?? []), mount]);
}

function drop(map: Map<string, MountRecord[]>, key: string | undefined, mount: MountRecord): void {
  if (key === undefined) return;
  const rest = (map.get(key) ?? []).filter((other) => other !== mount);
  if (rest.length > 0) map.set(key, rest);
  else map.delete(key);
}

/** The index of the world's mount table, built on first use. */
export function getMountIndex(world: World): MountIndex {
  if (world.mountIndex === undefined) {
    world.mountIndex = { byLv: new Map(), byTarget: new Map() };
    for (const mount of world.mounts) indexMount(world, mount);
  }
  return world.mountIndex;
}

/** Records a new mount in the index, if there is one yet. */
export function indexMount(world: World, mount: MountRecord): void {
  if (world.mountIndex === undefined) return;
  append(world.mountIndex.byLv, lvKey(mount), mount);
  append(world.mountIndex.byTarget, mount.target, mount);
}

/** Forgets an unmounted mount. */
export function unindexMount(world: World, mount: MountRecord): void {
  if (world.mountIndex === undefined) return;
  drop(world.mountIndex.byLv, lvKey(mount), mount);
  drop(world.mountIndex.byTarget, mount.target, mount);
}

/** The mounts of one LV, in mount order. */
export function listMountsOfLv(world: World, vg: string, name: string): readonly MountRecord[] {
  return getMountIndex(world).byLv.get(`${vg}/${name}`) ?? [];
}

/** The latest mount on exactly `target`. */
export function findTopMount(world: World, target: string): MountRecord | undefined {
  return getMountIndex(world).byTarget.get(target)?.at(-1);
}

/** The mount `target` lies in: the latest one on its longest mounted ancestor (itself included). */
export function findEnclosingMount(world: World, target: string): MountRecord | undefined {
  for (let path = target; ; path = path.slice(0, Math.max(path.lastIndexOf('/'), 1))) {
    const mount = findTopMount(world, path);
    if (mount !== undefined || path === '/') return mount;
  }
}
