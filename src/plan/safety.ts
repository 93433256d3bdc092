// The checks of SPEC §4 that every removal must pass, against the inventory read under the run's lock. Pure.
import type { SnapshotType } from '../config/types.ts';
import type { LogicalVolume } from '../host/inventory-types.ts';
import { decodeLvAttr } from '../lvm/lv-attr.ts';
import { parseSnapshotLvName } from './naming.ts';
import { atTagResolution, decodeExpiryTag } from '../state/tag-codec.ts';

/** What the state (or the volume's section) says the snapshot must be. */
export interface ExpectedSnapshot {
  vg: string;
  origin: string;
  type: SnapshotType;
  /** The expiry recorded in the state journal, when there is an entry. */
  stateExpiresAt?: string;
}

export type SafetyVerdict = { ok: true; expiresAt: Date } | { ok: false; reason: string };

export interface SafetyContext {
  lvmTag: string;
  now: Date;
  /** Names (`vg/lv`) of every LV that is the origin of another LV. */
  origins: ReadonlySet<string>;
  /** Names (`vg/lv`) of the volumes the config snapshots: an origin kept under a snapshot's name stays. */
  configuredOrigins: ReadonlySet<string>;
  /** `remove SNAPSHOT`: the administrator asked for it by name, so the expiry need not have passed. */
  explicitRequest?: boolean;
}

/** Decides whether `lv` may be removed; the first failing check is the reason. */
export function checkRemovable(lv: LogicalVolume, expected: ExpectedSnapshot, context: SafetyContext): SafetyVerdict {
  const identity = checkIdentity(lv, expected, context);
  if (!identity.ok) return identity;
  if (context.origins.has(`${lv.vg}/${lv.name}`)) {
    return { ok: false, reason: `${lv.vg}/${lv.name} is itself the origin of another LV` };
  }
  if (context.configuredOrigins.has(`${lv.vg}/${lv.name}`)) {
    return { ok: false, reason: `${lv.vg}/${lv.name} is a volume of the config` };
  }
  if (!context.explicitRequest && identity.expiresAt.getTime() > context.now.getTime()) {
    return { ok: false, reason: `its expiry ${identity.expiresAt.toISOString()} has not passed` };
  }
  return identity;
}

/**
 * Whether an LV is a snapshot of ours for the expected volume: tag, name, origin, kind, and an expiry that the
 * tag and the state agree on. Returns the expiry when it is.
 */
export function checkIdentity(lv: LogicalVolume, expected: ExpectedSnapshot, context: Pick<SafetyContext, 'lvmTag'>): SafetyVerdict {
  const id = `${lv.vg}/${lv.name}`;
  if (lv.vg !== expected.vg) return { ok: false, reason: `${id} is not in VG ${expected.vg}` };
  if (!lv.tags.includes(context.lvmTag)) return { ok: false, reason: `${id} does not carry the tag ${context.lvmTag}` };
  if (parseSnapshotLvName(lv.name, expected.origin) === undefined) {
    return { ok: false, reason: `${id}: name is not ${expected.origin}-<14 digits>` };
  }
  if (lv.origin !== expected.origin) {
    return { ok: false, reason: `${id}: origin is ${lv.origin ? `"${lv.origin}"` : 'none'}, expected "${expected.origin}"` };
  }
  const attr = decodeLvAttr(lv.attr);
  if (expected.type === 'thin' && !attr.isThinVolume) {
    return { ok: false, reason: `${id}: lv_attr ${lv.attr} is not a thin snapshot` };
  }
  if (expected.type === 'thick' && !attr.isClassicSnapshot) {
    return { ok: false, reason: `${id}: lv_attr ${lv.attr} is not a classic snapshot` };
  }
  const tagExpiry = decodeExpiryTag(context.lvmTag, lv.tags);
  if (!tagExpiry.ok) return { ok: false, reason: `${id}: ${tagExpiry.reason}` };
  // At the tag's resolution: the tag carries the state's expiry rounded up to a whole second. Earlier releases
  // recorded a cron run's expiry to the millisecond in the state, and must still be recognised by it.
  if (expected.stateExpiresAt !== undefined
    && atTagResolution(new Date(expected.stateExpiresAt)).getTime() !== tagExpiry.expiresAt.getTime()) {
    return {
      ok: false,
      reason: `${id}: the state says it expires ${expected.stateExpiresAt}, its tag says ${tagExpiry.expiresAt.toISOString()}`,
    };
  }
  return { ok: true, expiresAt: tagExpiry.expiresAt };
}

/** The `vg/lv` of every configured volume. */
export function configuredOriginsOf(volumes: readonly { vg: string; lv: string }[]): Set<string> {
  return new Set(volumes.map((volume) => `${volume.vg}/${volume.lv}`));
}

/** The set of `vg/lv` names that some LV has as its origin. */
export function collectOrigins(lvs: readonly LogicalVolume[]): Set<string> {
  const origins = new Set<string>();
  for (const lv of lvs) if (lv.origin) origins.add(`${lv.vg}/${lv.origin}`);
  return origins;
}
