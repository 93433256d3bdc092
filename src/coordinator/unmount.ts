// The umount of a VG's expiring snapshots, done together right before that VG's lvremove: one umount process
// carries several mount folders (util-linux unmounts each operand in turn, past a failed one), so a VG of a hundred
// expiring snapshots starts a handful of processes instead of a hundred. A few calls run at once so that large VGs
// still overlap the kernel's work; after a call that did not succeed, the mount table says which folders came free.
import PQueue from 'p-queue';
import type { CommandTimeouts } from '../config/types.ts';
import { describeFailure, MAX_TARGETS_PER_COMMAND, succeeded, type CommandResult } from '../host/command.ts';
import type { Host } from '../host/host.ts';
import { buildUmountArgv, parseMountinfo } from '../host/mountinfo.ts';
import type { StepReport } from '../report/types.ts';
import { batchOf, shareOfCommand } from '../workers/steps.ts';

/** At most this many umount calls of one VG at once. */
const CALLS_AT_ONCE = 4;
/** A call carries at least this many folders before another call is started beside it. */
const MIN_TARGETS_PER_CALL = 8;

export interface UnmountContext {
  host: Host;
  timeouts: CommandTimeouts;
  /** Numbers each call among the run's commands that carry several snapshots (StepReport.batch). */
  nextBatchCall: () => number;
}

/** Unmounts the folders; the umount step of each, ok when the folder is no longer a mount point. */
export async function unmountFolders(targets: readonly string[], context: UnmountContext): Promise<Map<string, StepReport>> {
  const steps = new Map<string, StepReport>();
  const queue = new PQueue({ concurrency: CALLS_AT_ONCE });
  await queue.addAll(splitIntoCalls(targets).map((call) => async () => {
    for (const [target, step] of await unmountCall(call, context)) steps.set(target, step);
  }));
  return steps;
}

/** Even shares: one call up to MIN_TARGETS_PER_CALL folders, then up to CALLS_AT_ONCE, more only past the limit. */
export function splitIntoCalls(targets: readonly string[]): string[][] {
  if (targets.length === 0) return [];
  const count = Math.max(Math.min(CALLS_AT_ONCE, Math.ceil(targets.length / MIN_TARGETS_PER_CALL)), Math.ceil(targets.length / MAX_TARGETS_PER_COMMAND));
  const size = Math.ceil(targets.length / count);
  const calls: string[][] = [];
  for (let start = 0; start < targets.length; start += size) calls.push(targets.slice(start, start + size));
  return calls;
}

async function unmountCall(targets: readonly string[], context: UnmountContext): Promise<Map<string, StepReport>> {
  const argv = buildUmountArgv(targets);
  const batch = batchOf(targets.length, context.nextBatchCall);
  const run = await context.host.runner.run({ argv, timeoutMs: context.timeouts.mount });
  const after = succeeded(run) ? { stillMounted: new Set<string>() } : await readStillMounted(targets, context.host);
  const steps = new Map<string, StepReport>();
  for (const target of targets) {
    const error = 'error' in after ? after.error : after.stillMounted.has(target) ? messageFor(run, target) : undefined;
    steps.set(target, shareOfCommand('umount', argv, run, batch, () => buildUmountArgv([target]), error));
  }
  return steps;
}

// A failed umount may have unmounted some of its folders (each operand is tried in turn, and one not mounted counts
// as a failure though it is what we want): the mount table is the truth.
async function readStillMounted(targets: readonly string[], host: Host): Promise<{ stillMounted: Set<string> } | { error: string }> {
  try {
    const mounted = new Set(parseMountinfo(await host.readMountinfo()).map((entry) => entry.target));
    return { stillMounted: new Set(targets.filter((target) => mounted.has(target))) };
  } catch (error) {
    return { error: `umount did not succeed and the mount table could not be read to see what it did: ${(error as Error).message}` };
  }
}

/** umount names each operand it failed on ("umount: TARGET: target is busy.", fixture 32's kin). */
function messageFor(run: CommandResult, target: string): string {
  const own = run.stderr.split('\n').map((line) => line.trim()).filter((line) => line.startsWith(`umount: ${target}: `));
  return own.length > 0 ? own.join(' / ') : describeFailure(run);
}
