// What a reboot leaves of the world: LVs come back active unless they carry the activation-skip flag (lvm's
// autoactivation honours it, lvm.conf activation/auto_activation_volume_list and lvcreate(8) -k), fstab mounts
// come back, everything else mounted is gone, and the NFS server starts with /etc/exports only (nfs-server.service
// runs `exportfs -r`). Pure.

import type { World } from './world.ts';
import { Etab } from './export-etab.ts';
import { activateLv, deactivateLv, remountAtBoot } from './world-ops.ts';
import { touch } from './world.ts';

/** Turns the world into the one a reboot leaves. */
export function rebootWorld(world: World): void {
  const persistent = world.mounts.filter((mount) => mount.persistent);
  for (const vg of world.vgs.values()) for (const lv of vg.lvs.values()) deactivateLv(world, lv);
  world.nextDmMinor = 0;
  for (const vg of world.vgs.values()) {
    for (const lv of vg.lvs.values()) if (!lv.skipActivation) activateLv(world, lv);
  }
  remountAtBoot(world, persistent);
  world.exports = Etab.fromExportsFile(world.etcExports);
  touch(world);
}
