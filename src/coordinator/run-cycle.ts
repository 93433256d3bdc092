// The coordinator: one lock, one read of the host, a pure plan, then the per-volume pipelines fanned out to the
// pool while each VG's expired snapshots are unmounted and removed (one umount, one lvremove) as soon as that VG's
// pipelines are done.
import { HostError } from '../errors.ts';
import type { Config } from '../config/types.ts';
import type { Host } from '../host/host.ts';
import type { LogicalVolume } from '../host/inventory-types.ts';
import { planRun, type RunScope } from '../plan/plan-run.ts';
import type { Plan, PlanEntry, VolumePlan } from '../plan/types.ts';
import { worstStatus, type VolumeReport } from '../report/types.ts';
import { applyIntents, applyOutcome, applyRemoval } from '../state/journal.ts';
import { snapshotKey, type State } from '../state/state-schema.ts';
import { describePlannedAction } from '../report/build-report.ts';
import type { ExecuteResult } from '../workers/job-types.ts';
import { readInventory, describeInventoryScope } from './inventory.ts';
import type { JobPool } from './job-pool.ts';
import { JournalWriter } from './journal-writer.ts';
import { finishTeardowns, type TeardownToFinish } from './finish-teardowns.ts';
import { collectOrigins, configuredOriginsOf } from '../plan/safety.ts';
import { createVgGate, type VgGateHandle } from './vg-gate.ts';
import type { Inventory } from '../host/inventory-types.ts';

/** LVM commands in flight per VG: real lvm2 overlaps process start and scanning of a few (see README). */
export const LVM_STREAMS_PER_VG = 4;

/** How long past pipeline_timeout the coordinator waits before giving a pipeline up as failed. */
const PIPELINE_GRACE_MS = 30_000;

export interface CycleInput {
  config: Config;
  host: Host;
  pool: JobPool;
  state: State;
  now: Date;
  scope: RunScope;
  /** Called as each volume finishes (progress bar, logs). */
  onVolumeDone?: (report: VolumeReport) => void;
  /** Called with the plan before any intent is written; may throw to stop the run before it changes anything. */
  checkPlan?: (plan: Plan) => void;
  /**
   * `vg` (default): one umount and one lvremove per VG carrying all of its expired snapshots (a large VG's umount
   * is shared out over a few calls at once). `snapshot`: one umount and one lvremove per snapshot, as the original
   * tool did (kept for comparison in the benchmark, and for LVM setups that choke on large batches).
   */
  removal?: 'vg' | 'snapshot';
}

export interface CycleResult {
  plan: Plan;
  inventory: Inventory;
  volumes: VolumeReport[];
  state: State;
  notices: string[];
}

/** A teardown waiting for its VG's umount and lvremove, with the report action it belongs to. */
interface WaitingTeardown {
  teardown: TeardownToFinish;
  entry: PlanEntry;
  volume: string;
  actionIndex: number;
}

/**
 * Reads the host, plans and executes; the caller holds the lock and owns the journal file. `recordRun` is called
 * once every pipeline and removal is done, before the journal's last write: what it adds to the state (the run's
 * summary) goes into that write with the outcomes, and what it returns comes back as `recorded`. A failed intents
 * write throws (nothing was done); a failed last write comes back as `lastWriteError`, the run's work being done.
 */
export async function executeCycle<Recorded>(
  input: CycleInput, journalPath: string, recordRun: (result: CycleResult) => Recorded,
): Promise<CycleResult & { recorded: Recorded; lastWriteError?: string }> {
  const { config, host, pool, now } = input;
  const inventory = await readInventory(host, describeInventoryScope(config, input.state), config.timeouts);
  const plan = planRun(config, inventory, input.state, now, input.scope);
  input.checkPlan?.(plan);
  const journal = new JournalWriter(journalPath, applyIntents(input.state, plan));
  try {
    await journal.flush();
  } catch (error) {
    throw new HostError(`statefile ${journalPath} cannot be written: ${(error as Error).message}; nothing was done`);
  }

  const gate = createVgGate(plan.volumes.map((volume) => volume.vg), LVM_STREAMS_PER_VG);
  const lvsByVg = groupLvs(inventory.lvs);
  const safety = { lvmTag: config.lvmTag, now, origins: collectOrigins(inventory.lvs), configuredOrigins: configuredOriginsOf(config.volumes) };
  const notices: string[] = [];
  const reports = new Map<string, VolumeReport>();
  const outstanding = new Map<string, number>();
  for (const volume of plan.volumes) outstanding.set(volume.vg, (outstanding.get(volume.vg) ?? 0) + 1);
  // Per VG, the teardowns whose pipelines have unexported and unlinked their snapshot, waiting for the VG's umount
  // and lvremove once all of its pipelines are done.
  const toFinish = new Map<string, WaitingTeardown[]>();
  const finishing: Promise<void>[] = [];
  let batchCalls = 0;

  const finishVg = async (vg: string): Promise<void> => {
    const waiting = toFinish.get(vg) ?? [];
    const chunks = input.removal === 'snapshot' ? waiting.map((item) => [item]) : waiting.length > 0 ? [waiting] : [];
    for (const chunk of chunks) await finishChunk(vg, chunk);
  };

  const finishChunk = async (vg: string, chunk: WaitingTeardown[]): Promise<void> => {
    const result = await finishTeardowns(vg, chunk.map((item) => item.teardown), {
      host, gate, timeouts: config.timeouts, safety, lvs: lvsByVg.get(vg) ?? new Map(), nextBatchCall: () => (batchCalls += 1),
    });
    if (result.reread) notices.push(`lvremove in ${vg} did not remove everything; ${vg} was read again to see what is gone`);
    chunk.forEach((item, index) => {
      const report = reports.get(item.volume);
      const action = report?.actions[item.actionIndex];
      if (report !== undefined && action !== undefined) {
        for (const step of result.steps[index] ?? []) {
          action.steps.push(step);
          if (step.status !== 'ok' && action.status !== 'failed') {
            action.status = step.status === 'refused' ? 'refused' : 'failed';
            action.error = step.error;
          }
        }
        report.status = worstStatus(report.actions.map((candidate) => candidate.status));
        applyOutcome(journal.state, item.entry, action);
      }
      if (result.removed.has(item.teardown.target.name)) applyRemoval(journal.state, vg, item.teardown.target.name);
    });
    journal.touch();
  };

  const runVolume = async (volume: VolumePlan): Promise<void> => {
    const result = await executeWithDeadline(pool, volume, config, gate);
    reports.set(volume.volume, result.report);
    const waiting = new Set(result.toFinish);
    volume.entries.forEach((entry, index) => {
      const action = result.report.actions[index];
      if (action === undefined) return;
      if (!waiting.has(index)) {
        applyOutcome(journal.state, entry, action);
        return;
      }
      if (entry.kind !== 'expire' && entry.kind !== 'forget') return;
      const recorded = input.state.snapshots[snapshotKey(entry.snapshot.vg, entry.snapshot.name)];
      const teardown: TeardownToFinish = {
        target: entry.snapshot, needs: entry.needs, requested: entry.kind === 'expire' && entry.requested,
        ...(recorded !== undefined ? { stateExpiresAt: recorded.expiresAt } : {}),
      };
      const list = toFinish.get(entry.snapshot.vg) ?? [];
      list.push({ teardown, entry, volume: volume.volume, actionIndex: index });
      toFinish.set(entry.snapshot.vg, list);
    });
    journal.touch();
    const left = (outstanding.get(volume.vg) ?? 1) - 1;
    outstanding.set(volume.vg, left);
    if (left === 0) finishing.push(finishVg(volume.vg));
    input.onVolumeDone?.(result.report);
  };

  await Promise.all(interleaveByVg(plan.volumes).map(runVolume));
  await Promise.all(finishing);
  const result: CycleResult = {
    plan,
    inventory,
    volumes: plan.volumes.map((volume) => reports.get(volume.volume)!),
    state: journal.state,
    notices,
  };
  const recorded = recordRun(result);
  try {
    await journal.flush();
  } catch (error) {
    return { ...result, recorded, lastWriteError: (error as Error).message };
  }
  return { ...result, recorded };
}

/**
 * The pool's result, or a failed report if the pipeline outlives its deadline (its commands have their own). The
 * deadline counts from the pipeline's start, as the pipeline's own does: on a large host most pipelines wait for
 * a slot first, and a clock started before that wait would fail them before they begin, while they then still run.
 */
async function executeWithDeadline(pool: JobPool, volume: VolumePlan, config: Config, gate: VgGateHandle): Promise<ExecuteResult> {
  const limitMs = config.timeouts.pipeline + PIPELINE_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  let giveUp: (result: ExecuteResult) => void = () => {};
  const deadline = new Promise<ExecuteResult>((resolve) => {
    giveUp = resolve;
  });
  const startClock = (): void => {
    timer = setTimeout(() => giveUp(failedResult(volume, `the pipeline did not finish within ${Math.round(limitMs / 1000)} s`)), limitMs);
  };
  try {
    const job = pool.execute({ kind: 'execute', volume: volume.volume, vg: volume.vg, entries: volume.entries, timeouts: config.timeouts, gate }, startClock);
    return await Promise.race([job, deadline]);
  } catch (error) {
    return failedResult(volume, `the pipeline crashed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A report for a volume whose pipeline gave no answer: every action that would have acted is failed. */
function failedResult(volume: VolumePlan, error: string): ExecuteResult {
  const actions = volume.entries.map((entry) => {
    const acts = entry.kind === 'create' || entry.kind === 'repair' || entry.kind === 'expire' || entry.kind === 'forget';
    const planned = describePlannedAction(entry);
    return acts ? { ...planned, status: 'failed' as const, error } : planned;
  });
  return { report: { volume: volume.volume, vg: volume.vg, status: worstStatus(actions.map((action) => action.status)), actions, durationMs: 0 }, toFinish: [] };
}

/**
 * Dispatch order: one volume of each VG in turn, so that the p-queue's slots spread over every VG's LVM lock
 * instead of queueing behind one VG's while the others sit idle.
 */
export function interleaveByVg(volumes: readonly VolumePlan[]): VolumePlan[] {
  const byVg = new Map<string, VolumePlan[]>();
  for (const volume of volumes) {
    const list = byVg.get(volume.vg);
    if (list) list.push(volume);
    else byVg.set(volume.vg, [volume]);
  }
  const queues = [...byVg.values()];
  const order: VolumePlan[] = [];
  for (let round = 0; order.length < volumes.length; round += 1) {
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!);
  }
  return order;
}

function groupLvs(lvs: readonly LogicalVolume[]): Map<string, Map<string, LogicalVolume>> {
  const byVg = new Map<string, Map<string, LogicalVolume>>();
  for (const lv of lvs) {
    let names = byVg.get(lv.vg);
    if (names === undefined) byVg.set(lv.vg, (names = new Map()));
    names.set(lv.name, lv);
  }
  return byVg;
}
