// One lvmsnapper run in a fresh process, as cron starts it, against the simulated host served by another process
// (bench/sim-server.ts): what it measures (wall, CPU, peak RSS) is the coordinator's alone. The server counts the
// commands.
import type { CommandRunner } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { connectSocketHost } from '../src/host/socket-runner.ts';
import { INSTALLED_COMMAND } from './cli-node-options.ts';
import { measurePerRound, type ProcessMeasure } from './measure.ts';

export interface CoordinatorTask {
  configPath: string;
  /** Where the simulated host answers (bench/sim-server.ts). */
  socketPath: string;
  argv: string[];
  volumes: number;
  latencyScale: number;
  phase: 'create' | 'expire' | 'plan';
}

/**
 * CPU this process spends on one round trip to the simulated host (what a real host's process start costs
 * instead), measured with an empty command over the same socket; subtracted to get lvmsnapper's own CPU.
 */
async function calibrateBoundary(client: CommandRunner, rounds = 2000): Promise<number> {
  return (await measurePerRound(rounds, () => client.run({ argv: ['true'], timeoutMs: 1000 }))).cpuMs;
}

async function measure(task: CoordinatorTask): Promise<ProcessMeasure> {
  const client = connectSocketHost(task.socketPath);
  const boundaryCpuMs = await calibrateBoundary(client);
  // Worker threads connect to the same socket by themselves, as on a real host they start processes themselves.
  const host: Host = { runner: client, readMountinfo: () => client.readMountinfo(), workerHost: { kind: 'socket', path: task.socketPath } };
  const switchesBefore = process.resourceUsage().voluntaryContextSwitches;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const exitCode = await main(['-c', task.configPath, ...task.argv], {
    stdout: { write: () => {}, isTty: false }, stderr: { write: (text) => process.stderr.write(text), isTty: false }, env: {}, host,
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const usage = process.resourceUsage();
  // The kernel's high-water mark of this process (getrusage ru_maxrss): a fresh process per run, as from cron.
  const peak = usage.maxRSS * 1024;
  return {
    wallMs, cpuMs: (cpu.user + cpu.system) / 1000, boundaryCpuMs, peakRssMb: peak / 2 ** 20, exitCode,
    wakeUps: usage.voluntaryContextSwitches - switchesBefore,
  };
}

// The shipped artifact (dist/bundle, built by `npm run build`), not the module-per-file tree: what cron runs.
const { main } = (await import(INSTALLED_COMMAND.href)) as typeof import('../src/main.ts');

const task = JSON.parse(process.argv[2] ?? '{}') as CoordinatorTask;
const result = await measure(task);
process.send!({ type: 'measure', result });
process.disconnect();
