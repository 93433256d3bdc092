// Block device paths of LVs: `/dev/VG/LV` (udev's symlink) and `/dev/mapper/VG-LV` (the device-mapper name,
// each `-` inside a VG or LV name doubled). A device exists only while its LV is active. Pure.

import type { Lv, Vg, World } from './world.ts';

/** The device-mapper name of an LV (lib/misc/lvm-string.c, dm_build_dm_name): `vgA-home--20261201100000`. */
export function buildDmName(vg: string, lv: string): string {
  return `${vg.replace(/-/g, '--')}-${lv.replace(/-/g, '--')}`;
}

/** `/dev/mapper/<dm name>`: the source mount records and prints for an LV (fixtures 18, 20). */
export function buildMapperPath(vg: string, lv: string): string {
  return `/dev/mapper/${buildDmName(vg, lv)}`;
}

/** The LV a device path names, whether or not its device exists right now. */
export function findDeviceLv(world: World, path: string): { vg: Vg; lv: Lv } | undefined {
  const ref = path.startsWith('/dev/mapper/') ? splitDmName(path.slice('/dev/mapper/'.length)) : splitDevPath(path);
  if (ref === undefined) return undefined;
  const vg = world.vgs.get(ref.vg);
  const lv = vg?.lvs.get(ref.lv);
  return vg === undefined || lv === undefined ? undefined : { vg, lv };
}

/**
 * The LV whose block device `path` is, if that device exists: the LV is active, and is not a thin pool (whose
 * device is private to its thin LVs).
 */
export function findDevice(world: World, path: string): { vg: Vg; lv: Lv } | undefined {
  const found = findDeviceLv(world, path);
  return found !== undefined && found.lv.active && found.lv.kind !== 'thin-pool' ? found : undefined;
}

function splitDevPath(path: string): { vg: string; lv: string } | undefined {
  const match = /^\/dev\/([^/]+)\/([^/]+)$/.exec(path);
  return match === null ? undefined : { vg: match[1]!, lv: match[2]! };
}

function splitDmName(name: string): { vg: string; lv: string } | undefined {
  for (let at = 0; at < name.length; at += 1) {
    if (name[at] !== '-') continue;
    if (name[at + 1] === '-') {
      at += 1;
      continue;
    }
    return { vg: name.slice(0, at).replace(/--/g, '-'), lv: name.slice(at + 1).replace(/--/g, '-') };
  }
  return undefined;
}
