// How the journal moves: the intent is recorded before any action, the outcome after it. The transitions change
// the journal's own copy in place (a run with thousands of snapshots must not copy it per outcome); the coordinator
// writes it atomically after each batch of changes.
import type { PlanEntry, SnapshotTarget, Plan } from '../plan/types.ts';
import type { ActionReport } from '../report/types.ts';
import { snapshotKey, type SnapshotPhase, type State, type StateSnapshot } from './state-schema.ts';

/** The journal record of a planned snapshot. */
export function recordOf(target: SnapshotTarget, phase: SnapshotPhase): StateSnapshot {
  return {
    volume: target.volume,
    vg: target.vg,
    origin: target.origin,
    name: target.name,
    createdAt: target.createdAt,
    expiresAt: target.expiresAt,
    phase,
    mountDir: target.mountDir,
    ...(target.linkPath !== undefined ? { linkPath: target.linkPath } : {}),
    exportClients: target.exportClients,
  };
}

const intentPhase: Partial<Record<PlanEntry['kind'], SnapshotPhase>> = {
  create: 'creating',
  repair: 'live',
  keep: 'live',
  expire: 'expiring',
};

/** A copy of the state with every planned action's intent: written before anything is done. */
export function applyIntents(state: State, plan: Plan): State {
  const snapshots = { ...state.snapshots };
  for (const volume of plan.volumes) {
    for (const entry of volume.entries) {
      const phase = intentPhase[entry.kind];
      if (phase === undefined || !('snapshot' in entry)) continue;
      const key = snapshotKey(entry.snapshot.vg, entry.snapshot.name);
      // A removal asked for and begun stays so while a command that does not finish it keeps the snapshot.
      if (entry.kind === 'keep' && snapshots[key]?.removalRequested === true) continue;
      const requested = entry.kind === 'expire' && entry.requested;
      snapshots[key] = { ...recordOf(entry.snapshot, phase), ...(requested ? { removalRequested: true as const } : {}) };
    }
  }
  return { ...state, snapshots };
}

/** Records one finished action (its LV removal, if any, is recorded by applyRemoval). */
export function applyOutcome(state: State, entry: PlanEntry, action: ActionReport): void {
  if (!('snapshot' in entry)) return;
  const key = snapshotKey(entry.snapshot.vg, entry.snapshot.name);
  if (entry.kind === 'create') {
    const lvcreate = action.steps.find((step) => step.step === 'lvcreate');
    // A timed-out lvcreate may or may not have made the LV: the record stays `creating` for the next run to settle.
    const definitelyNotCreated = lvcreate?.status === 'failed' && !/timed out/.test(lvcreate.error ?? '');
    if (definitelyNotCreated) delete state.snapshots[key];
    else if (lvcreate?.status === 'ok') state.snapshots[key] = recordOf(entry.snapshot, 'live');
  } else if (entry.kind === 'forget' && action.status !== 'failed') {
    delete state.snapshots[key];
  }
}

/** Records that an LV of ours is gone. */
export function applyRemoval(state: State, vg: string, name: string): void {
  delete state.snapshots[snapshotKey(vg, name)];
}
