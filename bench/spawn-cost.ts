// What starting one process costs node: through lvmsnapper's command runner (execa, as every command of a run) and
// through child_process directly (the fork, exec and pipes alone). The bench measures it on this machine; inside the
// VM guest (scenario bench-real) it runs as a script and prints `sample NAME CPU_MS` lines for the manifest:
//   node dist/bench/spawn-cost.js ROUNDS
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createExecRunner } from '../src/host/exec.ts';
import { measurePerRound } from './measure.ts';

const runner = createExecRunner();

/** CPU and wall per `true` started through the command runner, as a run starts each of its commands. */
export function measureRunnerStart(rounds: number): Promise<{ cpuMs: number; wallMs: number }> {
  return measurePerRound(rounds, () => runner.run({ argv: ['true'], timeoutMs: 10_000 }));
}

/** The same with child_process alone, stdout and stderr piped as the runner has them. */
export function measureBareStart(rounds: number): Promise<{ cpuMs: number; wallMs: number }> {
  return measurePerRound(rounds, () => new Promise((resolve, reject) => {
    const child = spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject).on('close', resolve);
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv[2] ?? 20);
  // Once each first, so that neither pays for loading code the other already loaded.
  await measureRunnerStart(1);
  await measureBareStart(1);
  for (let sample = 0; sample < 3; sample += 1) {
    process.stdout.write(`sample spawn_runner_cpu ${(await measureRunnerStart(rounds)).cpuMs.toFixed(1)}\n`);
    process.stdout.write(`sample spawn_bare_cpu ${(await measureBareStart(rounds)).cpuMs.toFixed(1)}\n`);
  }
}
