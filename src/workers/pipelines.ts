// The per-volume pipelines: create (snapshot → [blkid] → mount → link → export), repair (whatever a live snapshot
// lacks) and teardown (unexport → unlink → umount → rmdir; of a snapshot whose LV is to be removed, the umount, rmdir
// and lvremove follow per VG in the coordinator).
import type { CommandTimeouts } from '../config/types.ts';
import { MAKE_MOUNT_FOLDER, buildBlkidArgv, buildMountArgv, buildUmountArgv, isNotMountedError, mountOptionsFor, parseBlkidType } from '../host/mountinfo.ts';
import { ensureDir, ensureLink, isDirectory, removeEmptyDir, removeLinkIfOurs } from '../host/paths.ts';
import { buildActivateArgv, buildCreateSnapshotArgv } from '../lvm/commands.ts';
import { buildExportArgv, buildUnexportArgv, isNotExportedError } from '../nfs/exportfs.ts';
import type { CreateSpec, RepairNeeds, SnapshotTarget, TeardownNeeds } from '../plan/types.ts';
import type { StepRecorder } from './steps.ts';

/** Creates the snapshot and sets it up fully. */
export async function runCreate(spec: CreateSpec, steps: StepRecorder, timeouts: CommandTimeouts): Promise<void> {
  const created = await steps.command({
    step: 'lvcreate',
    argv: buildCreateSnapshotArgv({ vg: spec.vg, origin: spec.origin, name: spec.name, tags: spec.tags, type: spec.type, ...(spec.size !== undefined ? { size: spec.size } : {}) }),
    timeoutMs: timeouts.lvm,
    vg: spec.vg,
  });
  if (!created) return;
  const needs: RepairNeeds = { activate: false, mount: true, link: spec.linkPath !== undefined, exportClients: spec.exportClients };
  await runRepair(spec, needs, steps, timeouts);
}

/** Brings back what a live snapshot lacks, in dependency order. */
export async function runRepair(target: SnapshotTarget & Pick<CreateSpec, 'fsType'>, needs: RepairNeeds, steps: StepRecorder, timeouts: CommandTimeouts): Promise<void> {
  if (needs.activate) {
    const activated = await steps.command({ step: 'activate', argv: buildActivateArgv(target.vg, target.name), timeoutMs: timeouts.lvm, vg: target.vg });
    if (!activated) return;
  }
  if (needs.mount && !(await mountSnapshot(target, steps, timeouts))) return;
  if (needs.link && target.linkPath !== undefined) {
    const linkPath = target.linkPath;
    const linked = await steps.local('link', () => ensureLink(linkPath, target.mountDir), (outcome) => `${linkPath} ${outcome === 'created' ? '→' : 'already →'} ${target.mountDir}`);
    if (linked === undefined) return;
  }
  if (needs.exportClients.length > 0) {
    await steps.command({
      step: 'export',
      argv: buildExportArgv(needs.exportClients.map((client) => ({ client, path: target.mountDir })), target.exportOptions),
      timeoutMs: timeouts.exportfs,
    });
  }
}

/**
 * The filesystem type (XFS needs extra options: from the origin's mount for a new snapshot, else from blkid), then a
 * read-only mount that makes its folder (MAKE_MOUNT_FOLDER). When the mount fails and the folder is not there, the
 * folder is made here once more: mount may not say why it could not make it, this says (ENOTDIR, EROFS, …).
 */
async function mountSnapshot(target: SnapshotTarget & Pick<CreateSpec, 'fsType'>, steps: StepRecorder, timeouts: CommandTimeouts): Promise<boolean> {
  let fsType = target.fsType;
  if (fsType === undefined) {
    const probed = await steps.command({ step: 'blkid', argv: buildBlkidArgv(target.device), timeoutMs: timeouts.blkid });
    if (!probed) return false;
    fsType = parseBlkidType(probed.stdout);
  }
  const mounted = await steps.command({
    step: 'mount',
    argv: buildMountArgv(target.device, target.mountDir, [...mountOptionsFor(fsType, target.mountOptions), MAKE_MOUNT_FOLDER]),
    timeoutMs: timeouts.mount,
  });
  if (mounted !== undefined) return true;
  if (!(await isDirectory(target.mountDir))) await steps.local('mkdir', () => ensureDir(target.mountDir), () => target.mountDir);
  return false;
}

/**
 * Takes down a snapshot: its exports, then its link. True when that went well and its LV is to be removed: the
 * coordinator then finishes it with the rest of its VG (coordinator/finish-teardowns.ts: one umount, the rmdirs,
 * one lvremove). Without an LV (removed by hand) there is nothing to wait for, and the leftover mount and folder go
 * here and now, before the volume's new snapshot, which may bear the same name.
 */
export async function runTeardown(target: SnapshotTarget, needs: TeardownNeeds, steps: StepRecorder, timeouts: CommandTimeouts): Promise<boolean> {
  for (const { what, reason } of needs.leftAlone) steps.refused(what === 'link' ? 'unlink' : 'umount', reason);
  if (needs.unexportClients.length > 0) {
    const unexported = await steps.command({
      step: 'unexport',
      argv: buildUnexportArgv(needs.unexportClients.map((client) => ({ client, path: target.mountDir }))),
      timeoutMs: timeouts.exportfs,
      isAlreadyDone: isNotExportedError,
    });
    if (!unexported) return false;
  }
  if (needs.unlink && target.linkPath !== undefined) {
    const linkPath = target.linkPath;
    if (await steps.local('unlink', () => removeLinkIfOurs(linkPath, target.mountDir), (outcome) => `${linkPath} ${outcome}`) === undefined) return false;
  }
  if (needs.removeLv) return true;
  if (needs.unmount) {
    const unmounted = await steps.command({ step: 'umount', argv: buildUmountArgv([target.mountDir]), timeoutMs: timeouts.mount, isAlreadyDone: isNotMountedError });
    if (!unmounted) return false;
  }
  if (needs.rmdir) await steps.local('rmdir', () => removeEmptyDir(target.mountDir), (outcome) => `${target.mountDir} ${outcome}`);
  return false;
}
