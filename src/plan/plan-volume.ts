// The pure planner for one volume: from its view of the host, the state and the clock, what to create, repair,
// expire, keep, forget or refuse, each with its reason. No I/O and no clock of its own.
import type { ExpireRule, VolumeConfig } from '../config/types.ts';
import { expiryAt } from '../config/expiry.ts';
import type { LogicalVolume } from '../host/inventory-types.ts';
import { decodeLvAttr } from '../lvm/lv-attr.ts';
import { exportOptionsFor } from '../nfs/exportfs.ts';
import type { StateSnapshot } from '../state/state-schema.ts';
import { atTagResolution, encodeExpiryTag } from '../state/tag-codec.ts';
import {
  hourSlot, isLvDevice, lvDevicePath, parseSnapshotLvName, snapshotLinkPath, snapshotLvName, snapshotMountDir, snapshotTime,
} from './naming.ts';
import { checkIdentity, checkRemovable } from './safety.ts';
import type { CreateSpec, PlanEntry, RepairNeeds, SnapshotTarget, TeardownNeeds } from './types.ts';
import type { VolumeView } from './volume-view.ts';

export interface PlanContext {
  now: Date;
  lvmTag: string;
  timezone: string;
  expireRules: readonly ExpireRule[];
  maxPoolDataPercent: number;
  maxPoolMetadataPercent: number;
}

/**
 * What a command wants planned: `cycle` (the cron job: expire, repair, create by the rules), `snapshot` (create
 * now with a given expiry), `expire`, `repair` (mount-all), `remove` (named snapshots, expired or not).
 */
export type PlanMode = 'cycle' | 'snapshot' | 'expire' | 'repair' | 'remove';

export interface VolumePlanOptions {
  mode?: PlanMode;
  /** The volume's section is gone from the config: its snapshots only expire, nothing is created or repaired. */
  retired?: boolean;
  /** `snapshot`: the expiry of the new snapshot. */
  snapshotExpiry?: Date;
  /** `remove`: the LV names asked for. */
  removeNames?: readonly string[];
}

/** Plans one volume. */
export function planVolume(volume: VolumeConfig, view: VolumeView, context: PlanContext, options: VolumePlanOptions = {}): PlanEntry[] {
  const entries: PlanEntry[] = [];
  const name = volume.name;
  if (view.vgMissing) {
    return [{ kind: 'skip', volume: name, status: 'failed', reason: `volume group ${volume.vg} not found` }];
  }
  const mode = options.mode ?? 'cycle';
  const removeNames = new Set(options.removeNames ?? []);
  const expires = mode === 'cycle' || mode === 'expire';
  const repairs = !options.retired && (mode === 'cycle' || mode === 'repair');
  const stateByName = new Map(view.stateEntries.map((entry) => [entry.name, entry]));
  const origins = new Set(view.origins);
  const configuredOrigins = new Set(view.configuredOrigins);
  const occupiedSlots = new Set<string>();
  const seen = new Set<string>();

  for (const lv of view.candidates) {
    const stateEntry = stateByName.get(lv.name);
    if (!lv.tags.includes(context.lvmTag) && stateEntry === undefined) continue; // never ours: not even looked at
    seen.add(lv.name);
    const createdAt = parseSnapshotLvName(lv.name, volume.lv);
    if (createdAt) occupiedSlots.add(hourSlot(createdAt, context.timezone));
    const expected = { vg: volume.vg, origin: volume.lv, type: volume.snapshotType, stateExpiresAt: stateEntry?.expiresAt };
    const identity = checkIdentity(lv, expected, context);
    if (!identity.ok || createdAt === undefined) {
      entries.push({ kind: 'refuse', volume: name, vg: lv.vg, lv: lv.name, reason: identity.ok ? 'unreadable name' : identity.reason });
      continue;
    }
    const target = describeSnapshot(volume, lv.name, createdAt, identity.expiresAt, stateEntry);
    const asked = mode === 'remove' && (removeNames.has(lv.name) || removeNames.has(`${lv.vg}/${lv.name}`));
    // A removal that an administrator asked for and an earlier run began (a `remove` killed, or failed before its
    // lvremove) is finished, not undone by a repair. Only such an entry waives the expiry: an expiry's own entry whose
    // snapshot expires later now (its expiry extended, the clock set back) is live again.
    const begun = stateEntry?.phase === 'expiring' && stateEntry.removalRequested === true;
    const requested = asked || (expires && begun);
    const expired = identity.expiresAt.getTime() <= context.now.getTime();
    if (requested || (expires && expired)) {
      const verdict = checkRemovable(lv, expected, { lvmTag: context.lvmTag, now: context.now, origins, configuredOrigins, explicitRequest: requested });
      const blocked = verdict.ok ? mountBlockingRemoval(target, view) : verdict.reason;
      if (blocked !== undefined) {
        entries.push({ kind: 'refuse', volume: name, vg: lv.vg, lv: lv.name, reason: blocked });
        continue;
      }
      const reason = asked ? 'removal requested' : expired ? `expired at ${identity.expiresAt.toISOString()}` : 'removal begun by an earlier run';
      entries.push({ kind: 'expire', volume: name, snapshot: target, needs: teardownNeeds(target, view, lv), reason, requested });
    } else if (repairs && !expired && !begun) {
      entries.push(planUpkeep(target, view, lv, stateEntry));
    } else {
      const reason = begun ? 'removal begun by an earlier run; `run` or `expire` finishes it'
        : expired ? `expired at ${identity.expiresAt.toISOString()}` : `expires ${identity.expiresAt.toISOString()}`;
      entries.push({ kind: 'keep', volume: name, snapshot: target, reason });
    }
  }

  for (const entry of view.stateEntries) {
    if (seen.has(entry.name)) continue;
    const target = describeSnapshot(volume, entry.name, new Date(entry.createdAt), new Date(entry.expiresAt), entry);
    const reason = entry.phase === 'creating'
      ? 'an interrupted run had planned it, and LVM has no such LV: nothing was created'
      : entry.phase === 'expiring'
        ? 'its removal finished in an interrupted run'
        : 'the LV was removed outside lvmsnapper';
    entries.push({ kind: 'forget', volume: name, snapshot: target, needs: teardownNeeds(target, view, undefined), reason });
  }

  if (!options.retired && (mode === 'cycle' || mode === 'snapshot')) {
    entries.push(planCreation(volume, view, context, occupiedSlots, options.snapshotExpiry));
  }
  return entries;
}

/** Mount dir, link, exports and device of a snapshot; the journal's record wins where it has one. */
function describeSnapshot(
  volume: VolumeConfig, lvName: string, createdAt: Date, expiresAt: Date, stateEntry?: StateSnapshot,
): SnapshotTarget {
  const linkPath = stateEntry ? stateEntry.linkPath : volume.linkdir ? snapshotLinkPath(volume.linkdir, createdAt) : undefined;
  return {
    volume: volume.name,
    vg: volume.vg,
    origin: volume.lv,
    name: lvName,
    type: volume.snapshotType,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    device: lvDevicePath(volume.vg, lvName),
    mountDir: stateEntry?.mountDir ?? snapshotMountDir(volume.snapdir, createdAt),
    ...(linkPath !== undefined ? { linkPath } : {}),
    mountOptions: volume.mountOptions,
    exportClients: volume.nfsExports,
    exportOptions: volume.nfsExports.length > 0 ? exportOptionsFor(volume.nfsOptions, `${volume.vg}/${lvName}`) : [],
  };
}

/** A live snapshot: keep it, or bring back what it lacks; refuse where something else stands in its place. */
function planUpkeep(target: SnapshotTarget, view: VolumeView, lv: LogicalVolume, stateEntry?: StateSnapshot): PlanEntry {
  const volume = target.volume;
  const mountsHere = view.mounts.filter((mount) => mount.target === target.mountDir);
  const ourMount = mountsHere.some((mount) => isLvDevice(mount.source, target.vg, target.name));
  if (!ourMount && mountsHere.length > 0) {
    return { kind: 'refuse', volume, vg: target.vg, lv: target.name, reason: `${target.mountDir} has ${mountsHere[0]!.source} mounted on it` };
  }
  let link = false;
  if (target.linkPath !== undefined) {
    const existing = view.links.find((entry) => entry.path === target.linkPath);
    if (existing === undefined) link = true;
    else if (existing.target !== target.mountDir) {
      const what = existing.target === undefined ? 'is not a symbolic link' : `points to ${existing.target}`;
      return { kind: 'refuse', volume, vg: target.vg, lv: target.name, reason: `${target.linkPath} ${what}` };
    }
  }
  if (decodeLvAttr(lv.attr).invalid) {
    return { kind: 'refuse', volume, vg: target.vg, lv: target.name, reason: `classic snapshot overflowed (lv_attr ${lv.attr}): its content is lost; raise snapshot_size. It is removed at its expiry` };
  }
  const exported = new Set(view.exports.filter((entry) => entry.path === target.mountDir).map((entry) => entry.client));
  const needs: RepairNeeds = {
    activate: !lv.active,
    mount: !ourMount,
    link,
    exportClients: target.exportClients.filter((client) => !exported.has(client)),
  };
  const missing = [
    needs.activate ? 'inactive' : undefined,
    needs.mount ? 'not mounted' : undefined,
    needs.link ? 'link missing' : undefined,
    needs.exportClients.length > 0 ? `not exported to ${needs.exportClients.join(' ')}` : undefined,
  ].filter((part) => part !== undefined);
  if (missing.length === 0) {
    return { kind: 'keep', volume, snapshot: target, reason: `live until ${target.expiresAt}` };
  }
  const after = stateEntry?.phase === 'creating' ? ' (its creation was interrupted)' : '';
  return { kind: 'repair', volume, snapshot: target, needs, reason: `${missing.join(', ')}${after}` };
}

/**
 * Why the snapshot's mounts keep it from being removed, if they do: its teardown unmounts its folder, and `umount`
 * takes off whatever is mounted there on top, which may be another filesystem. (Mounted elsewhere as well, by hand
 * or as the peer of a shared bind mount, it is left to the umount of its folder, which propagates to peers, and to
 * lvremove, which refuses an LV in use.)
 */
function mountBlockingRemoval(target: SnapshotTarget, view: VolumeView): string | undefined {
  const mountsHere = view.mounts.filter((mount) => mount.target === target.mountDir);
  const foreign = mountsHere.find((mount) => !isLvDevice(mount.source, target.vg, target.name));
  if (foreign !== undefined && mountsHere.length > 1) {
    return `${target.mountDir} has ${foreign.source} mounted on it as well as ${target.vg}/${target.name}: unmount ${foreign.source} first`;
  }
  return undefined;
}

/** What still stands of a snapshot on its way out. */
function teardownNeeds(target: SnapshotTarget, view: VolumeView, lv: LogicalVolume | undefined): TeardownNeeds {
  const link = target.linkPath === undefined ? undefined : view.links.find((entry) => entry.path === target.linkPath);
  const mountsHere = view.mounts.filter((mount) => mount.target === target.mountDir);
  const foreignMount = mountsHere.find((mount) => !isLvDevice(mount.source, target.vg, target.name));
  const leftAlone: TeardownNeeds['leftAlone'] = [];
  if (link !== undefined && link.target !== target.mountDir) {
    leftAlone.push({ what: 'link', reason: `${link.path} ${link.target === undefined ? 'is not a symbolic link' : `points to ${link.target}`}: left alone` });
  }
  if (foreignMount !== undefined) leftAlone.push({ what: 'mount', reason: `${target.mountDir} has ${foreignMount.source} mounted on it: left alone` });
  return {
    unexportClients: view.exports.filter((entry) => entry.path === target.mountDir).map((entry) => entry.client),
    unlink: link?.target === target.mountDir,
    unmount: mountsHere.some((mount) => isLvDevice(mount.source, target.vg, target.name)),
    rmdir: foreignMount === undefined && view.mountDirs.includes(target.mountDir),
    removeLv: lv !== undefined,
    leftAlone,
  };
}

export type PoolRoom = { kind: 'unknown' } | { kind: 'full' | 'ok'; data: number; metadata: number };

/**
 * Whether a thin pool leaves room for a snapshot: `unknown` when it reports no usage (an inactive pool), `full` over
 * either limit. The one rule for the planner and for `check`.
 */
export function poolRoom(pool: LogicalVolume, limits: Pick<PlanContext, 'maxPoolDataPercent' | 'maxPoolMetadataPercent'>): PoolRoom {
  const { dataPercent: data, metadataPercent: metadata } = pool;
  if (data === undefined || metadata === undefined) return { kind: 'unknown' };
  const full = data > limits.maxPoolDataPercent || metadata > limits.maxPoolMetadataPercent;
  return { kind: full ? 'full' : 'ok', data, metadata };
}

/** Whether to snapshot now, and if not, why. */
function planCreation(
  volume: VolumeConfig, view: VolumeView, context: PlanContext, occupiedSlots: Set<string>, forcedExpiry?: Date,
): PlanEntry {
  const name = volume.name;
  const skip = (status: 'skipped' | 'pool_full' | 'failed', reason: string): PlanEntry => ({ kind: 'skip', volume: name, status, reason });
  const createdAt = snapshotTime(context.now);
  const match = forcedExpiry ? { expiresAt: forcedExpiry, rules: ['requested'] } : expiryAt([...context.expireRules], createdAt, context.timezone);
  if (match === undefined) return skip('skipped', 'no expire rule matches this hour');
  // A snapshot asked for by hand is taken even if the cron job already took one this hour.
  if (forcedExpiry === undefined && occupiedSlots.has(hourSlot(context.now, context.timezone))) {
    return skip('skipped', 'a snapshot was already taken in this hour');
  }
  const origin = view.origin;
  if (origin === undefined) return skip('failed', `origin ${volume.vg}/${volume.lv} not found`);
  const attr = decodeLvAttr(origin.attr);
  if (volume.snapshotType === 'thin') {
    if (!attr.isThinVolume) return skip('failed', `origin ${volume.vg}/${volume.lv} is not a thin volume (lv_attr ${origin.attr}); set snapshot_type = thick`);
    const pool = view.pool;
    if (pool === undefined) return skip('failed', `thin pool ${volume.vg}/${origin.pool} not found`);
    const room = poolRoom(pool, context);
    if (room.kind === 'unknown') {
      return skip('failed', `thin pool ${volume.vg}/${pool.name} reports no usage (lv_attr ${pool.attr}): is it active?`);
    }
    if (room.kind === 'full') {
      return skip('pool_full', `thin pool ${volume.vg}/${pool.name} is at ${room.data.toFixed(2)}% data, ${room.metadata.toFixed(2)}% metadata `
        + `(limits ${context.maxPoolDataPercent}% and ${context.maxPoolMetadataPercent}%)`);
    }
  }
  const lvName = snapshotLvName(volume.lv, createdAt);
  if (view.candidates.some((lv) => lv.name === lvName)) return skip('failed', `an LV named ${volume.vg}/${lvName} already exists`);
  // The state records what the tag will carry: a whole second.
  const expiresAt = atTagResolution(match.expiresAt);
  const snapshot: CreateSpec = {
    ...describeSnapshot(volume, lvName, createdAt, expiresAt),
    ...(volume.snapshotSize !== undefined ? { size: volume.snapshotSize } : {}),
    ...(view.originFsType !== undefined ? { fsType: view.originFsType } : {}),
    tags: [context.lvmTag, encodeExpiryTag(context.lvmTag, expiresAt)],
    rules: match.rules,
  };
  return { kind: 'create', volume: name, snapshot, reason: `rules ${match.rules.join(', ')} match; expires ${expiresAt.toISOString()}` };
}
