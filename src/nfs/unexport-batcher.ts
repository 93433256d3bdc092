// Group commit for `exportfs -u`: exportfs holds the export table's lock while it works (nfs-utils serializes on
// /var/lib/nfs/etab), so a thousand pipelines unexporting one snapshot each would queue behind one another. The ones
// asked for in the same turn of the event loop go in one call; while it runs, the ones asked for meanwhile wait, and
// then go together in the next. Exports cannot be
// merged the same way: each snapshot's options carry its own fsid.
import { BINARIES } from '../host/binaries.ts';
import { MAX_TARGETS_PER_COMMAND, type CommandRequest, type CommandResult, type CommandRunner } from '../host/command.ts';

interface Pending {
  request: CommandRequest;
  targets: string[];
  resolve(result: CommandResult): void;
}

/** A runner that merges concurrent `exportfs -u` calls; every other command passes straight through. */
export function withBatchedUnexports(inner: CommandRunner): CommandRunner {
  let queue: Pending[] = [];
  let running = false;

  const drain = async (): Promise<void> => {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = takeBatch(queue);
        queue = queue.slice(batch.length);
        const targets = batch.flatMap((pending) => pending.targets);
        const timeoutMs = batch.some((pending) => pending.request.timeoutMs === 0) ? 0 : Math.max(...batch.map((pending) => pending.request.timeoutMs));
        const result = await inner.run({ argv: [BINARIES.exportfs, '-u', ...targets], timeoutMs });
        const shareOf = splitResult(result, targets);
        for (const pending of batch) pending.resolve(shareOf(pending.targets));
      }
    } finally {
      running = false;
    }
  };

  return {
    run(request) {
      if (request.argv[0] !== BINARIES.exportfs || request.argv[1] !== '-u' || request.argv.length < 3) return inner.run(request);
      return new Promise((resolve) => {
        queue.push({ request, targets: request.argv.slice(2), resolve });
        if (running) return;
        // The first call waits for the next turn of the event loop: the expiring volumes of a run start together
        // and reach their unexport in the same turn, so they go in that call rather than all but one in the next.
        running = true;
        setImmediate(() => void drain());
      });
    },
  };
}

function takeBatch(queue: readonly Pending[]): Pending[] {
  const batch: Pending[] = [];
  let count = 0;
  for (const pending of queue) {
    if (batch.length > 0 && count + pending.targets.length > MAX_TARGETS_PER_COMMAND) break;
    batch.push(pending);
    count += pending.targets.length;
  }
  return batch;
}

/**
 * Each caller's share of a merged call: exportfs names each target it could not unexport
 * ("exportfs: Could not find 'client:/path' to unexport.", fixture 28), so a line naming another caller's target is
 * theirs; lines naming no target of the call, a timeout or a failed start concern everyone. Every line is read once,
 * so a call of hundreds of targets that all failed stays linear.
 */
export function splitResult(result: CommandResult, all: readonly string[]): (mine: readonly string[]) => CommandResult {
  if (result.exitCode === 0 || result.timedOut || result.spawnError !== undefined) return () => result;
  const targets = new Set(all);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  const everyones: number[] = [];
  const byTarget = new Map<string, number[]>();
  lines.forEach((line, index) => {
    // Between the first and the last quote, so that a path with a quote in it is still read whole.
    const quoted = line.slice(line.indexOf("'") + 1, line.lastIndexOf("'"));
    if (targets.has(quoted)) byTarget.set(quoted, [...(byTarget.get(quoted) ?? []), index]);
    else everyones.push(index);
  });
  return (mine) => {
    const own = [...new Set([...everyones, ...mine.flatMap((target) => byTarget.get(target) ?? [])])].sort((a, b) => a - b);
    if (own.length === 0) return { ...result, exitCode: 0, stderr: '' };
    return { ...result, stderr: `${own.map((index) => lines[index]).join('\n')}\n` };
  };
}
