// The last step of expiry: one `lvm lvremove` per VG carrying all of that VG's snapshots whose teardown finished,
// each re-checked against the run's inventory just before. After a failed batch lvm may have removed some and not
// others (fixture 35), so the VG is read again to know what is gone.
import type { CommandTimeouts } from '../config/types.ts';
import { describeFailure } from '../host/command.ts';
import type { Host } from '../host/host.ts';
import type { LogicalVolume } from '../host/inventory-types.ts';
import { buildRemoveArgv, parseRemoveOutcome } from '../lvm/commands.ts';
import { checkRemovable, type ExpectedSnapshot, type SafetyContext } from '../plan/safety.ts';
import type { StepReport } from '../report/types.ts';
import { batchOf, shareOfCommand } from '../workers/steps.ts';
import { readLvs } from './inventory.ts';
import { monotonicMs } from './monotonic-clock.ts';
import { NO_SLOT, withVgSlot, type VgGateHandle } from './vg-gate.ts';

/**
 * Time a removal of `count` LVs may take: `lvm_timeout` and a second per LV. A VG's expiries all go in one call, and
 * a backlog (a host where runs were off for days) must not make that call time out on every run while it grows.
 */
export function lvremoveTimeoutMs(timeouts: CommandTimeouts, count: number): number {
  return timeouts.lvm + count * LVREMOVE_MS_PER_LV;
}

// lvremove took 1.9 s for 16 thin LVs in the emulated guest of the VM suite: a second each leaves eight times that.
const LVREMOVE_MS_PER_LV = 1_000;

export interface RemovalCandidate {
  name: string;
  expected: ExpectedSnapshot;
  /** Asked for by name (`remove`): its expiry need not have passed. */
  requested: boolean;
}

export interface RemovalResult {
  /** Per candidate name: the lvremove step as it concerns that LV. */
  steps: Map<string, StepReport>;
  removed: Set<string>;
  /** Set when the VG had to be read again after a failed batch. */
  reread: boolean;
}

export interface RemovalContext {
  host: Host;
  gate: VgGateHandle;
  timeouts: CommandTimeouts;
  safety: SafetyContext;
  /** The run's inventory of this VG, by LV name. */
  lvs: ReadonlyMap<string, LogicalVolume>;
  /** Numbers this lvremove among the run's commands that carry several snapshots (StepReport.batch). */
  nextBatchCall: () => number;
}

/** Removes the VG's candidates that pass every check, in one lvremove. */
export async function removeSnapshots(vg: string, candidates: RemovalCandidate[], context: RemovalContext): Promise<RemovalResult> {
  const result: RemovalResult = { steps: new Map(), removed: new Set(), reread: false };
  const approved: string[] = [];
  for (const candidate of candidates) {
    const lv = context.lvs.get(candidate.name);
    const verdict = lv === undefined ? { ok: false as const, reason: `${vg}/${candidate.name} is not in the inventory` } : checkRemovable(lv, candidate.expected, { ...context.safety, explicitRequest: candidate.requested });
    if (verdict.ok) approved.push(candidate.name);
    else result.steps.set(candidate.name, { step: 'lvremove', status: 'refused', durationMs: 0, error: verdict.reason });
  }
  if (approved.length === 0) return result;

  const argv = buildRemoveArgv(vg, approved);
  const timeoutMs = lvremoveTimeoutMs(context.timeouts, approved.length);
  // The wait for a slot gets as long as the command itself: the VG's other LVM commands hold it for seconds.
  const run = await withVgSlot(context.gate, vg, () => context.host.runner.run({ argv, timeoutMs }), monotonicMs() + timeoutMs);
  if (run === NO_SLOT) {
    const error = `no LVM slot of ${vg} came free within ${Math.round(timeoutMs / 1000)} s`;
    for (const name of approved) result.steps.set(name, { step: 'lvremove', status: 'failed', command: buildRemoveArgv(vg, [name]), durationMs: 0, error });
    return result;
  }
  const batch = batchOf(approved.length, context.nextBatchCall);
  const outcome = parseRemoveOutcome(run, approved);
  let gone = new Set([...outcome.removed, ...outcome.missing]);
  const failures = new Map(outcome.failed.map((failure) => [failure.name, failure.message]));
  if (outcome.failed.length > 0 || outcome.unknown.length > 0) {
    result.reread = true;
    try {
      const after = await readLvs(context.host, [vg], context.timeouts.lvm);
      const present = new Set(after.lvs.map((lv) => lv.name));
      gone = new Set(approved.filter((name) => !present.has(name)));
    } catch (error) {
      for (const name of outcome.unknown) failures.set(name, `outcome unknown and the VG could not be read again: ${(error as Error).message}`);
    }
  }
  for (const name of approved) {
    const removed = gone.has(name);
    if (removed) result.removed.add(name);
    const error = removed ? undefined : failures.get(name) ?? describeFailure(run);
    result.steps.set(name, shareOfCommand('lvremove', argv, run, batch, () => buildRemoveArgv(vg, [name]), error));
  }
  return result;
}
