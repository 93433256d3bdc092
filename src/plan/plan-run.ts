// planRun(config, inventory, state, now): the whole run's plan, called only after everything has been read.
import type { Config, VolumeConfig } from '../config/types.ts';
import type { Inventory } from '../host/inventory-types.ts';
import { decodeLvAttr } from '../lvm/lv-attr.ts';
import type { State, StateSnapshot } from '../state/state-schema.ts';
import { planVolume, type PlanContext, type VolumePlanOptions } from './plan-volume.ts';
import type { Plan, VolumePlan } from './types.ts';
import { indexInventory, parentOf, viewVolume, type InventoryIndex } from './volume-view.ts';

export interface RunScope {
  /** Limit to these volume names (`--volume`); all when undefined. */
  volumes?: ReadonlySet<string>;
  options?: VolumePlanOptions;
}

/** The context the per-volume planner needs, from the config and the instant. */
export function planContext(config: Config, now: Date): PlanContext {
  return {
    now,
    lvmTag: config.lvmTag,
    timezone: config.timezone,
    expireRules: config.expireRules,
    maxPoolDataPercent: config.maxPoolDataPercent,
    maxPoolMetadataPercent: config.maxPoolMetadataPercent,
  };
}

/** Plans every configured volume, the snapshots of removed sections, and lists the orphans. */
export function planRun(config: Config, inventory: Inventory, state: State, now: Date, scope: RunScope = {}): Plan {
  const context = planContext(config, now);
  const index = indexInventory(inventory, Object.values(state.snapshots));
  const inScope = (name: string): boolean => scope.volumes === undefined || scope.volumes.has(name);
  const volumes: VolumePlan[] = config.volumes
    .filter((volume) => inScope(volume.name))
    .map((volume) => ({ volume: volume.name, vg: volume.vg, entries: planVolume(volume, viewVolume(volume, index), context, scope.options) }));
  for (const retired of retiredVolumes(config, state, index)) {
    if (!inScope(retired.name)) continue;
    volumes.push({ volume: retired.name, vg: retired.vg, entries: planVolume(retired, viewVolume(retired, index), context, { ...scope.options, retired: true }) });
  }
  // With --volume the other volumes are not planned, so their snapshots would look like orphans.
  return { now: now.toISOString(), volumes, orphans: scope.volumes ? [] : findOrphans(config, inventory, volumes) };
}

/**
 * Volumes whose section was removed but whose snapshots the journal still records: they keep expiring when the
 * journal, the tags and the names agree (SPEC §4). Their shape is rebuilt from the journal.
 */
export function retiredVolumes(config: Config, state: State, index: InventoryIndex): VolumeConfig[] {
  const configured = new Set(config.volumes.map((volume) => volume.name));
  const byVolume = new Map<string, StateSnapshot[]>();
  for (const entry of Object.values(state.snapshots)) {
    if (configured.has(entry.volume)) continue;
    byVolume.set(entry.volume, [...(byVolume.get(entry.volume) ?? []), entry]);
  }
  return [...byVolume.entries()].map(([name, entries]) => {
    const first = entries[0]!;
    const lv = index.byVgName.get(`${first.vg}/${first.name}`);
    return {
      name,
      vg: first.vg,
      lv: first.origin,
      mount: '',
      snapdir: parentOf(first.mountDir),
      ...(first.linkPath !== undefined ? { linkdir: parentOf(first.linkPath) } : {}),
      mountOptions: ['ro'],
      nfsExports: first.exportClients,
      nfsOptions: [],
      snapshotType: lv !== undefined && decodeLvAttr(lv.attr).isClassicSnapshot ? 'thick' : 'thin',
    };
  });
}

/** LVs with our tag that no volume's plan mentions: listed, never touched. */
function findOrphans(config: Config, inventory: Inventory, volumes: VolumePlan[]): Plan['orphans'] {
  const mentioned = new Set<string>();
  for (const volume of volumes) {
    for (const entry of volume.entries) {
      if (entry.kind === 'refuse') mentioned.add(`${entry.vg}/${entry.lv}`);
      else if ('snapshot' in entry) mentioned.add(`${entry.snapshot.vg}/${entry.snapshot.name}`);
    }
  }
  const origins = new Set(config.volumes.map((volume) => `${volume.vg}/${volume.lv}`));
  return inventory.lvs
    .filter((lv) => lv.tags.includes(config.lvmTag) && !mentioned.has(`${lv.vg}/${lv.name}`))
    .map((lv) => ({
      vg: lv.vg,
      lv: lv.name,
      reason: origins.has(`${lv.vg}/${lv.name}`)
        ? 'a configured origin volume carries the snapshot tag'
        : 'carries the snapshot tag but belongs to no configured volume and no journal entry',
    }));
}
