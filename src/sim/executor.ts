// Runs one simulated command the way a process runs: it starts (startMs), may be hit by an injected fault, then
// does each step under its lock (lockedMs + items·perItemMs) before changing the world, and is killed at its
// deadline like execa kills a real one (timedOut, no exit code; work not yet committed is lost, locks released).

import type { CommandRequest, CommandResult } from '../host/command.ts';
import type { Cancel } from './cancel.ts';
import type { CommandPlan, FsFacts, Output } from './command-types.ts';
import type { LockProvider } from './locks.ts';
import type { WorldStore } from './world-store.ts';
import type { FaultRecord } from './world.ts';
import type { FullLatency } from './latency.ts';
import { createCancel, sleep } from './cancel.ts';
import { mergeOutputs } from './command-types.ts';
import { claimFault, answerFault } from './faults.ts';
import { planCommand } from './interpreter.ts';
import { getLatency, computeStepDelayMs } from './latency.ts';

/** What a command runs against. */
export interface ExecutorDeps {
  store: WorldStore;
  locks: LockProvider;
  /** stat(2) of `paths`, after making the folders `makeDirs` (fs-probe.ts). */
  probe(paths: readonly string[], makeDirs?: readonly string[]): Promise<FsFacts>;
}

const KILLED = Symbol('killed');

/** Runs `request` against the simulated host; never throws for a failing command. */
export async function executeCommand(request: CommandRequest, deps: ExecutorDeps): Promise<CommandResult> {
  const started = performance.now();
  const argv = [...request.argv];
  const finish = (result: Omit<CommandResult, 'argv' | 'durationMs'>): CommandResult =>
    ({ argv, durationMs: performance.now() - started, ...result });
  const plan = planCommand(argv);
  if (plan === undefined) {
    return finish({ exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: `spawn ${argv[0] ?? ''} ENOENT` });
  }
  const cancel = createCancel(request.timeoutMs);
  try {
    const { latency, fault } = deps.store.transact((world) => ({
      latency: getLatency(world, plan.kind),
      fault: claimFault(world, plan.kind, argv),
    }));
    const answer = await runPlan(plan, argv.join(' '), latency, fault, deps, cancel);
    if (answer === KILLED) return finish({ exitCode: null, stdout: '', stderr: '', timedOut: true });
    return finish({ ...answer, timedOut: false });
  } finally {
    cancel.dispose();
  }
}

async function runPlan(
  plan: CommandPlan, holder: string, latency: FullLatency, fault: FaultRecord | undefined, deps: ExecutorDeps, cancel: Cancel,
): Promise<Output | typeof KILLED> {
  await sleep(latency.startMs, cancel);
  if (cancel.fired) return KILLED;
  if (fault !== undefined && (fault.when ?? 'before') === 'before') return suffer(fault, cancel);
  if (plan.early !== undefined) return fault === undefined ? plan.early : suffer(fault, cancel);
  const facts = plan.probe.length > 0 ? await deps.probe(plan.probe, plan.makeDirs) : new Map();
  const outputs: Output[] = [];
  for (const [index, step] of plan.steps.entries()) {
    const release = step.lock === undefined ? undefined : await deps.locks.acquire(step.lock, holder, cancel);
    if (step.lock !== undefined && release === undefined) return KILLED;
    try {
      if (cancel.fired) return KILLED;
      await sleep(computeStepDelayMs(latency, step.items), cancel);
      if (cancel.fired) return KILLED;
      outputs.push(deps.store.transact((world) => step.run(world, facts)));
      // A command hanging after its work keeps its lock until it is killed, as a stuck lvm does.
      if (fault?.effect.type === 'hang' && index === plan.steps.length - 1) return suffer(fault, cancel);
    } finally {
      release?.();
    }
  }
  return fault === undefined ? mergeOutputs(outputs) : suffer(fault, cancel);
}

async function suffer(fault: FaultRecord, cancel: Cancel): Promise<Output | typeof KILLED> {
  if (fault.effect.type === 'fail') return answerFault(fault.effect);
  await cancel.promise;
  return KILLED;
}
