// planRun(config, inventory, state, now): the whole run's plan, called only after everything has been read.
import type { Config, VolumeConfig } from '../config/types.ts';
import type { Inventory } from '../host/inventory-types.ts';
import { decodeLvAttr } from '../lvm/lv-attr.ts';
import type { State, StateSnapshot } from '../state/state-schema.ts';
import { planVolume, type PlanContext, type VolumePlanOptions } from './plan-volume.ts';
import { configuredOriginsOf } from './safety.ts';
import type { Plan, VolumePlan } from './types.ts';
import { indexInventory, parentOf, viewVolume, type InventoryIndex, type VolumeView } from './volume-view.ts';

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

/** One volume to plan: its config (rebuilt from the journal for a retired one), its view, and how. */
export interface VolumePlanJob {
  volume: VolumeConfig;
  view: VolumeView;
  options: VolumePlanOptions;
}

/** The per-volume planning work of a run, in config order, then the retired volumes. */
export function describePlanJobs(config: Config, inventory: Inventory, state: State, scope: RunScope = {}): VolumePlanJob[] {
  const index = indexInventory(inventory, Object.values(state.snapshots), configuredOriginsOf(config.volumes));
  const inScope = (name: string): boolean => scope.volumes === undefined || scope.volumes.has(name);
  const jobs: VolumePlanJob[] = config.volumes
    .filter((volume) => inScope(volume.name))
    .map((volume) => ({ volume, view: viewVolume(volume, index), options: scope.options ?? {} }));
  for (const retired of retiredVolumes(config, state, index)) {
    if (inScope(retired.name)) jobs.push({ volume: retired, view: viewVolume(retired, index), options: { ...scope.options, retired: true } });
  }
  return jobs;
}

/** Puts the planned volumes together into the run's plan. */
export function assemblePlan(config: Config, inventory: Inventory, now: Date, volumes: VolumePlan[], scope: RunScope = {}): Plan {
  // With --volume the other volumes are not planned, so their snapshots would look like orphans.
  return { now: now.toISOString(), volumes, orphans: scope.volumes ? [] : findOrphans(config, inventory, volumes) };
}

/** Plans every configured volume, the snapshots of removed sections, and lists the orphans. */
export function planRun(config: Config, inventory: Inventory, state: State, now: Date, scope: RunScope = {}): Plan {
  const context = planContext(config, now);
  const volumes = describePlanJobs(config, inventory, state, scope)
    .map((job) => ({ volume: job.volume.name, vg: job.volume.vg, entries: planVolume(job.volume, job.view, context, job.options) }));
  return assemblePlan(config, inventory, now, volumes, scope);
}

/**
 * Volumes whose snapshots the journal still records but no section configures any more (the section was removed, or
 * now names another LV): they keep expiring when the journal, the tags and the names agree (SPEC §4). One per
 * recorded `vg/origin`, shaped from the journal and named as recorded; a name that a section (or another such
 * volume) now uses gets its origin added, as every volume of a run must have its own report.
 */
export function retiredVolumes(config: Config, state: State, index: InventoryIndex): VolumeConfig[] {
  const byOrigin = new Map<string, StateSnapshot[]>();
  for (const entry of Object.values(state.snapshots)) {
    const origin = `${entry.vg}/${entry.origin}`;
    if (!index.configuredOrigins.has(origin)) byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), entry]);
  }
  const taken = new Set(config.volumes.map((volume) => volume.name));
  return [...byOrigin.entries()].map(([origin, entries]) => {
    const first = entries[0]!;
    const name = taken.has(first.volume) ? `${first.volume} (${origin})` : first.volume;
    taken.add(name);
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
  const origins = configuredOriginsOf(config.volumes);
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
