// What lvs derives from an LV's state: lv_attr, whether it is open, and which percentages apply. Pure.

import type { Lv, World } from './world.ts';
import { formatPercent } from './units.ts';

/** Facts about the whole world that several LVs' attributes depend on, gathered once per report. */
export interface ViewContext {
  /** Every mounted LV. */
  mounted: Set<Lv>;
  /** Every pool with an active thin LV. */
  poolsInUse: Set<Lv>;
  /** Every origin of a classic snapshot. */
  classicOrigins: Set<Lv>;
}

/** Gathers the context for a report of the world. */
export function buildViewContext(world: World): ViewContext {
  const context: ViewContext = { mounted: new Set(), poolsInUse: new Set(), classicOrigins: new Set() };
  for (const mount of world.mounts) {
    const lv = mount.lv === null ? undefined : world.vgs.get(mount.lv.vg)?.lvs.get(mount.lv.name);
    if (lv !== undefined) context.mounted.add(lv);
  }
  for (const vg of world.vgs.values()) {
    for (const lv of vg.lvs.values()) {
      const related = lv.kind === 'thin' && lv.active ? vg.lvs.get(lv.pool) : lv.kind === 'cow' ? vg.lvs.get(lv.origin) : undefined;
      if (related !== undefined) (lv.kind === 'cow' ? context.classicOrigins : context.poolsInUse).add(related);
    }
  }
  return context;
}

/** True when the LV's device is open: mounted, or (a pool) in use by its active thin LVs. */
export function isOpen(lv: Lv, context: ViewContext): boolean {
  return (lv.kind === 'thin-pool' ? context.poolsInUse : context.mounted).has(lv);
}

/** True when a classic snapshot overflowed its exception store and was invalidated. */
export function isInvalidSnapshot(lv: Lv): boolean {
  return lv.kind === 'cow' && lv.usagePercent >= 100;
}

/**
 * The ten lv_attr characters (lvs(8), "lv_attr bits"): type, permissions, allocation policy, fixed minor, state,
 * open, target type, zeroing, health, activation skip. E.g. `Vwi-aotz--`, `twi-a-tz--`, `owi-aos---`,
 * `swi-I-s---`, `Vwi---tz-k` (fixtures 12, 36).
 */
export function formatLvAttr(lv: Lv, context: ViewContext): string {
  const classicOrigin = context.classicOrigins.has(lv);
  const type = lv.kind === 'thin-pool' ? 't' : lv.kind === 'cow' ? 's' : classicOrigin ? 'o' : lv.kind === 'thin' ? 'V' : '-';
  const state = !lv.active ? '-' : isInvalidSnapshot(lv) ? 'I' : 'a';
  // An invalidated snapshot shows no open mark even while still mounted (fixture 36, after fixture 22).
  const open = state === 'a' && isOpen(lv, context) ? 'o' : '-';
  const target = lv.kind === 'thin-pool' || lv.kind === 'thin' ? 't' : lv.kind === 'cow' || classicOrigin ? 's' : '-';
  const zero = lv.kind === 'thin-pool' || lv.kind === 'thin' ? 'z' : '-';
  // A pool out of data space reports health D (lvs(8), "Volume Health").
  const health = lv.kind === 'thin-pool' && lv.active && lv.usagePercent >= 100 ? 'D' : '-';
  return `${type}wi-${state}${open}${target}${zero}${health}${lv.skipActivation ? 'k' : '-'}`;
}

/** data_percent: thin LVs, pools and classic snapshots while active; '' otherwise. */
export function formatDataPercent(lv: Lv): string {
  return lv.active && lv.kind !== 'linear' ? formatPercent(Math.min(lv.usagePercent, 100)) : '';
}

/** metadata_percent: pools while active. */
export function formatMetadataPercent(lv: Lv): string {
  return lv.active && lv.kind === 'thin-pool' ? formatPercent(lv.metadataPercent) : '';
}

/** lvs's segtype: a classic snapshot's exception store is a linear segment (fixture 12). */
export function describeSegtype(lv: Lv): string {
  return lv.kind === 'thin-pool' ? 'thin-pool' : lv.kind === 'thin' ? 'thin' : 'linear';
}

// Many LVs share a creation second (a run creates its snapshots together): format each second once.
const timeTexts = new Map<number, string>();

/** lv_time: creation time as lvs prints it, in UTC. */
export function formatLvTime(createdSec: number): string {
  let text = timeTexts.get(createdSec);
  if (text === undefined) {
    const iso = new Date(createdSec * 1000).toISOString();
    text = `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`;
    if (timeTexts.size >= 100_000) timeTexts.clear();
    timeTexts.set(createdSec, text);
  }
  return text;
}
