// Puts the run report together, for executed runs and dry runs alike, and derives the exit code from it.
import { ExitCode } from '../errors.ts';
import type { Inventory } from '../host/inventory-types.ts';
import type { Plan, PlanEntry, VolumePlan } from '../plan/types.ts';
import { worstStatus, type ActionReport, type PoolReport, type RunReport, type VolumeReport, type VolumeStatus } from './types.ts';

export interface ReportInput {
  command: string;
  dryRun: boolean;
  now: Date;
  startedAt: Date;
  finishedAt: Date;
  plan: Plan;
  inventory: Inventory;
  volumes: VolumeReport[];
  notices: string[];
}

/** The whole run report. */
export function buildRunReport(input: ReportInput): RunReport {
  const summary: Record<VolumeStatus, number> = { ok: 0, skipped: 0, pool_full: 0, failed: 0, refused: 0 };
  for (const volume of input.volumes) summary[volume.status] += 1;
  return {
    version: 1,
    command: input.command,
    dryRun: input.dryRun,
    now: input.now.toISOString(),
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    exitCode: exitCodeFor(input.volumes),
    summary,
    volumes: input.volumes,
    orphans: input.plan.orphans,
    pools: describePools(input.inventory),
    notices: input.notices,
  };
}

/** 0 when every volume is ok or skipped; 1 when any failed, was refused, or could not snapshot (pool_full). */
export function exitCodeFor(volumes: readonly VolumeReport[]): number {
  return volumes.some((volume) => volume.status === 'failed' || volume.status === 'refused' || volume.status === 'pool_full')
    ? ExitCode.volumeFailed
    : ExitCode.ok;
}

/** A dry run's volume reports: what each entry would do, no steps. */
export function reportPlannedVolumes(plan: Plan): VolumeReport[] {
  return plan.volumes.map((volume: VolumePlan) => {
    const actions = volume.entries.map(describePlannedAction);
    return { volume: volume.volume, vg: volume.vg, status: worstStatus(actions.map((action) => action.status)), actions, durationMs: 0 };
  });
}

/** One planned entry as an action report without steps. */
export function describePlannedAction(entry: PlanEntry): ActionReport {
  return {
    kind: entry.kind,
    status: entry.kind === 'skip' ? entry.status : entry.kind === 'refuse' ? 'refused' : 'ok',
    reason: entry.reason,
    ...(entry.kind === 'refuse' ? { snapshot: entry.lv, error: entry.reason } : 'snapshot' in entry ? { snapshot: entry.snapshot.name, expiresAt: entry.snapshot.expiresAt } : {}),
    steps: [],
  };
}

/** Usage of every thin pool the inventory shows. */
export function describePools(inventory: Inventory): PoolReport[] {
  return inventory.lvs
    .filter((lv) => lv.segtype === 'thin-pool')
    .map((lv) => ({
      vg: lv.vg,
      pool: lv.name,
      ...(lv.dataPercent !== undefined ? { dataPercent: lv.dataPercent } : {}),
      ...(lv.metadataPercent !== undefined ? { metadataPercent: lv.metadataPercent } : {}),
    }));
}
