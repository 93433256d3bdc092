// The worker pool behind a small interface: Piscina threads in production, the coordinator's own thread in tests.
// A p-queue cap keeps at most `concurrency` volume pipelines in flight, whatever the pool's size.
import { MessageChannel } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import PQueue from 'p-queue';
import type { Host } from '../host/host.ts';
import { planVolume } from '../plan/plan-volume.ts';
import type { PlanEntry } from '../plan/types.ts';
import { executeJob } from '../workers/execute-job.ts';
import type { ExecuteJob, ExecuteResult, PlanJob } from '../workers/job-types.ts';
import { serveCommands } from '../workers/remote-runner.ts';
import { withBatchedUnexports } from '../nfs/unexport-batcher.ts';

export type PoolJob = Omit<ExecuteJob, 'host' | 'commandPort'>;

export interface JobPool {
  /** Runs the job when a slot is free; `onStart` is called as it starts, after any wait for the slot. */
  execute(job: PoolJob, onStart?: () => void): Promise<ExecuteResult>;
  plan(job: PlanJob): Promise<PlanEntry[][]>;
  close(): Promise<void>;
}

/**
 * Whether a run over `volumes` volumes gets worker threads: `override` (tests, benchmark) wins; `threadsFrom` 0
 * always does; otherwise runs from `threadsFrom` volumes up, on hosts with cores for two workers beside the
 * coordinator's thread. A single worker adds no parallelism (the coordinator's thread mostly waits while pipelines
 * run), only a second V8 heap and a thread hop per volume (README, "Worker threads").
 */
export function usesWorkerThreads(volumes: number, threadsFrom: number, cores: number, override?: 'threads' | 'in-thread'): boolean {
  if (override !== undefined) return override === 'threads';
  return threadsFrom === 0 || (volumes >= threadsFrom && workerCount(cores) >= 2);
}

/** One worker per core but one, and no more than pipelines may run at once. */
function workerCount(cores: number, concurrency = Number.POSITIVE_INFINITY): number {
  return Math.max(1, Math.min(cores - 1, concurrency));
}

/** Runs pipelines in this thread: runs too small to be worth starting threads for, and tests. */
export function createInThreadPool(host: Host, concurrency: number): JobPool {
  const queue = new PQueue({ concurrency });
  const runner = withBatchedUnexports(host.runner);
  return {
    execute: (job, onStart) => queue.add(() => {
      onStart?.();
      return executeJob({ ...job, host: host.workerHost }, runner);
    }),
    plan: (job) => queue.add(async () => job.volumes.map((item) => planVolume(item.volume, item.view, job.context, item.options))),
    close: async () => { await queue.onIdle(); },
  };
}

/** Runs pipelines in Piscina worker threads. */
export function createThreadPool(host: Host, concurrency: number): JobPool {
  // One core stays with the coordinator's thread (inventory, journal, lvremove, reports): on two cores one worker
  // measured the same wall time as two, with less CPU and memory, and one unexport batcher instead of two.
  const threads = workerCount(availableParallelism(), concurrency);
  // Imported, and its threads started, on the first task: Piscina is a package of fifteen files that small runs
  // never need.
  let started: Promise<Piscina> | undefined;
  const start = (): Promise<Piscina> => (started ??= import('piscina').then(({ Piscina }) => new Piscina({
    filename: workerEntry(),
    minThreads: 1,
    maxThreads: threads,
    // Pipelines mostly wait on child processes, so each thread interleaves many of them.
    concurrentTasksPerWorker: Math.ceil(concurrency / threads),
    // Idle workers must keep their event loop running for the async pipelines ("sync" would block it); "async"
    // waits for new tasks without blocking, and measured less CPU than message-only hand-off ("disabled").
    atomics: 'async',
    idleTimeout: 1_000,
  })));
  const queue = new PQueue({ concurrency });
  // Workers that reach the host through the coordinator share one batching runner here; the others batch their own
  // (workers/worker.ts).
  const remoteRunner = withBatchedUnexports(host.runner);
  return {
    execute: (job, onStart) => queue.add(async () => {
      onStart?.();
      const piscina = await start();
      if (host.workerHost.kind !== 'remote') return piscina.run({ ...job, host: host.workerHost }) as Promise<ExecuteResult>;
      const channel = new MessageChannel();
      serveCommands(channel.port1, remoteRunner);
      try {
        return (await piscina.run({ ...job, host: host.workerHost, commandPort: channel.port2 }, { transferList: [channel.port2] })) as ExecuteResult;
      } finally {
        channel.port1.close();
      }
    }),
    plan: (job) => queue.add(async () => (await start()).run(job) as Promise<PlanEntry[][]>),
    close: async () => {
      await queue.onIdle();
      if (started !== undefined) await (await started).destroy();
    },
  };
}

/**
 * The bundled or compiled worker in production; in the development tree a shim that loads TypeScript inside the
 * worker.
 */
function workerEntry(): string {
  if (typeof LVMSNAPPER_BUNDLE !== 'undefined') return new URL('./worker.mjs', import.meta.url).href;
  const compiled = import.meta.url.endsWith('.js');
  return new URL(compiled ? '../workers/worker.js' : '../workers/worker-dev.mjs', import.meta.url).href;
}
