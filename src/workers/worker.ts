// The Piscina worker entry: plans or executes one volume per task.
import type { CommandRunner } from '../host/command.ts';
import { createExecRunner } from '../host/exec.ts';
import { planVolume } from '../plan/plan-volume.ts';
import type { PlanEntry } from '../plan/types.ts';
import { executeJob } from './execute-job.ts';
import type { ExecuteJob, ExecuteResult, WorkerTask } from './job-types.ts';
import { createRemoteRunner } from './remote-runner.ts';
import { withBatchedUnexports } from '../nfs/unexport-batcher.ts';

let execRunner: CommandRunner | undefined;

/** Handles one task. */
export default async function handleTask(task: WorkerTask): Promise<ExecuteResult | PlanEntry[]> {
  if (task.kind === 'plan') return planVolume(task.volume, task.view, task.context, task.options);
  const runner = runnerFor(task);
  try {
    return await executeJob(task, runner);
  } finally {
    task.commandPort?.close();
  }
}

function runnerFor(task: ExecuteJob): CommandRunner {
  if (task.host.kind === 'exec') return (execRunner ??= withBatchedUnexports(createExecRunner()));
  if (task.commandPort === undefined) throw new Error('a remote host needs a command port');
  return createRemoteRunner(task.commandPort);
}
