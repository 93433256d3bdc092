// What waking an idle node process costs this machine after it sat idle for a while (a timer, nothing else to do):
// what each command's result costs a coordinator that was waiting for it, before any work. Measured in a process of
// its own started with the installed command's node options, as a run is: the benchmark's own process has a heap of
// its own making and V8's memory reducer, which collects it during exactly such waits.
//   node <options> dist/bench/idle-wake.js IDLE_MS…   prints the measures as JSON
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installedCommandNodeOptions } from './cli-node-options.ts';
import { measurePerRound } from './measure.ts';

export interface IdleWake { idleMs: number; cpuMs: number }

/** CPU per wake-up after `idleMs` of idle, over about `totalMs` of waiting (20 wake-ups at least). */
async function measureHere(idleMs: number, totalMs = 2000): Promise<IdleWake> {
  const rounds = Math.max(20, Math.round(totalMs / idleMs));
  const { cpuMs } = await measurePerRound(rounds, () => new Promise((resolve) => setTimeout(resolve, idleMs)));
  return { idleMs, cpuMs };
}

/** The cost of a wake-up after each of these idle times, in a fresh process with the installed command's options. */
export async function measureIdleWakes(idleMs: readonly number[]): Promise<IdleWake[]> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, [...installedCommandNodeOptions(), script, ...idleMs.map(String)]);
  return JSON.parse(stdout) as IdleWake[];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const measures: IdleWake[] = [];
  for (const idleMs of process.argv.slice(2).map(Number)) measures.push(await measureHere(idleMs));
  process.stdout.write(JSON.stringify(measures));
}
