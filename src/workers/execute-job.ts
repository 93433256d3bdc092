// Executes one volume's planned entries in order (teardowns first, then repairs, then the new snapshot) and turns
// them into the volume's report. Runs in a worker thread, or in the coordinator's thread for tests.
import { monotonicMs } from '../coordinator/monotonic-clock.ts';
import type { CommandRunner } from '../host/command.ts';
import type { PlanEntry } from '../plan/types.ts';
import { describePlannedAction } from '../report/build-report.ts';
import { worstStatus, type ActionReport, type VolumeStatus } from '../report/types.ts';
import type { ExecuteJob, ExecuteResult } from './job-types.ts';
import { runCreate, runRepair, runTeardown } from './pipelines.ts';
import { StepRecorder } from './steps.ts';

const order: Record<PlanEntry['kind'], number> = { refuse: 0, expire: 1, forget: 2, keep: 3, repair: 4, create: 5, skip: 6 };

/** Runs the job; never throws for a failed step, which is reported instead. */
export async function executeJob(job: ExecuteJob, runner: CommandRunner): Promise<ExecuteResult> {
  const started = monotonicMs();
  const deadline = started + job.timeouts.pipeline;
  const toFinish: number[] = [];
  // Actions keep the plan's order (the coordinator pairs them by index); they run teardowns first, so space and
  // names are freed before new snapshots are made.
  const executionOrder = job.entries.map((_, index) => index).sort((a, b) => order[job.entries[a]!.kind] - order[job.entries[b]!.kind]);
  const actions: ActionReport[] = new Array(job.entries.length);
  for (const index of executionOrder) {
    const entry = job.entries[index]!;
    const steps = new StepRecorder({ runner, gate: job.gate, deadline });
    let status: VolumeStatus;
    switch (entry.kind) {
      case 'create':
        await runCreate(entry.snapshot, steps, job.timeouts);
        status = steps.failed ? 'failed' : 'ok';
        break;
      case 'repair':
        await runRepair(entry.snapshot, entry.needs, steps, job.timeouts);
        status = steps.failed ? 'failed' : 'ok';
        break;
      case 'expire':
      case 'forget': {
        if (await runTeardown(entry.snapshot, entry.needs, steps, job.timeouts)) toFinish.push(index);
        status = steps.failed ? 'failed' : steps.steps.some((step) => step.status === 'refused') ? 'refused' : 'ok';
        break;
      }
      case 'keep':
        status = 'ok';
        break;
      case 'refuse':
        status = 'refused';
        break;
      case 'skip':
        status = entry.status;
        break;
    }
    actions[index] = describeAction(entry, status, steps);
  }
  return {
    report: {
      volume: job.volume,
      vg: job.vg,
      status: worstStatus(actions.map((action) => action.status)),
      actions,
      durationMs: Math.round(monotonicMs() - started),
    },
    toFinish,
  };
}

/**
 * The report of one entry, with its steps. Its error is that of the step that failed last: a pipeline stops at its
 * first failure, and a step after it only says more about that one (the mkdir after a mount that could not make its
 * folder, workers/pipelines.ts). A refused action without a failure carries the reason of its refused step.
 */
export function describeAction(entry: PlanEntry, status: VolumeStatus, steps?: StepRecorder): ActionReport {
  const failedStep = steps?.steps.findLast((step) => step.status === 'failed')
    ?? (status === 'refused' ? steps?.steps.findLast((step) => step.status === 'refused') : undefined);
  return {
    ...describePlannedAction(entry),
    status,
    steps: steps?.steps ?? [],
    ...(failedStep?.error !== undefined ? { error: failedStep.error } : {}),
  };
}
