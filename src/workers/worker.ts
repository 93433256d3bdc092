// The Piscina worker entry: plans or executes one volume per task. What only one kind of task needs is loaded on
// first use, so a worker that only executes never loads the rule engine, and one that talks to the coordinator's
// host never loads execa.
import type { CommandRunner } from '../host/command.ts';
import type { PlanEntry } from '../plan/types.ts';
import { executeJob } from './execute-job.ts';
import type { ExecuteJob, ExecuteResult, WorkerTask } from './job-types.ts';
import { createRemoteRunner } from './remote-runner.ts';
import { withBatchedUnexports } from '../nfs/unexport-batcher.ts';

// One per worker: the unexport batcher merges across all the pipelines this thread runs.
let ownRunner: Promise<CommandRunner> | undefined;

/** Handles one task. */
export default async function handleTask(task: WorkerTask): Promise<ExecuteResult | PlanEntry[][]> {
  if (task.kind === 'plan') {
    const { planVolume } = await import('../plan/plan-volume.ts');
    return task.volumes.map((item) => planVolume(item.volume, item.view, task.context, item.options));
  }
  const runner = await runnerFor(task);
  try {
    return await executeJob(task, runner);
  } finally {
    task.commandPort?.close();
  }
}

async function runnerFor(task: ExecuteJob): Promise<CommandRunner> {
  const host = task.host;
  if (host.kind === 'exec') {
    ownRunner ??= import('../host/exec.ts').then(({ createExecRunner }) => withBatchedUnexports(createExecRunner()));
    return ownRunner;
  }
  if (host.kind === 'socket') {
    ownRunner ??= import('../host/socket-runner.ts').then(({ connectSocketHost }) => withBatchedUnexports(connectSocketHost(host.path)));
    return ownRunner;
  }
  if (task.commandPort === undefined) throw new Error('a remote host needs a command port');
  return createRemoteRunner(task.commandPort);
}
