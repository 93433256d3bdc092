// One lvmsnapper run in a fresh process, as cron starts it, against the simulated host that the parent process
// relays to: what it measures (wall, CPU, peak RSS, commands) is the coordinator's alone.
import type { CommandRequest, CommandResult, CommandRunner } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { classifyCommand, computeFloor, type CommandRecord, type RunMeasure } from './measure.ts';

export interface CoordinatorTask {
  configPath: string;
  argv: string[];
  volumes: number;
  latencyScale: number;
  phase: 'create' | 'expire' | 'plan';
}

const pending = new Map<number, (value: unknown) => void>();
let nextId = 0;
process.on('message', (message: { id: number; result: unknown }) => {
  pending.get(message.id)?.(message.result);
  pending.delete(message.id);
});

function ask<T>(request: { type: 'run'; request: CommandRequest } | { type: 'mountinfo' } | { type: 'ping' }): Promise<T> {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve as (value: unknown) => void);
    process.send!({ ...request, id });
  });
}

/**
 * CPU this process spends on one round trip to the simulated host (what a real host's process start costs
 * instead), measured with an empty message of the same route; subtracted to get lvmsnapper's own CPU.
 */
async function calibrateBoundary(rounds = 2000): Promise<number> {
  const before = process.cpuUsage();
  for (let round = 0; round < rounds; round += 1) await ask<string>({ type: 'ping' });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / rounds;
}

async function measure(task: CoordinatorTask): Promise<RunMeasure> {
  const boundaryCpuMs = await calibrateBoundary();
  const log: CommandRecord[] = [];
  const runner: CommandRunner = {
    async run(request) {
      const result = await ask<CommandResult>({ type: 'run', request: { argv: [...request.argv], timeoutMs: request.timeoutMs } });
      log.push({ ...classifyCommand(request.argv), ms: result.durationMs });
      return result;
    },
  };
  const host: Host = { runner, readMountinfo: () => ask<string>({ type: 'mountinfo' }), workerHost: { kind: 'remote' } };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const exitCode = await main(['-c', task.configPath, ...task.argv], {
    stdout: { write: () => {}, isTty: false }, stderr: { write: (text) => process.stderr.write(text), isTty: false }, env: {}, host,
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // The kernel's high-water mark of this process (getrusage ru_maxrss): a fresh process per run, as from cron.
  const peak = process.resourceUsage().maxRSS * 1024;
  const commands: Record<string, number> = {};
  const lvmMsByKind: Record<string, number> = {};
  for (const record of log) {
    const key = record.kind === 'exportfs' ? `exportfs ${record.action}` : record.kind;
    commands[key] = (commands[key] ?? 0) + 1;
    if (record.vg !== undefined || record.kind === 'lvs') lvmMsByKind[record.kind] = (lvmMsByKind[record.kind] ?? 0) + record.ms;
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const ownCpuMs = Math.max(0, cpuMs - log.length * boundaryCpuMs);
  const floorMs = task.phase === 'plan' ? 0 : computeFloor(log, task.latencyScale, task.phase);
  return {
    wallMs, cpuMs, boundaryCpuMs, ownCpuMsPerVolume: ownCpuMs / task.volumes, peakRssMb: peak / 2 ** 20, exitCode, commands, lvmMsByKind,
    floorMs, ratio: floorMs > 0 ? wallMs / floorMs : 0,
  };
}

// The shipped artifact (dist/bundle, built by `npm run build`), not the module-per-file tree: what cron runs.
const { main } = (await import(new URL('../bundle/main.mjs', import.meta.url).href)) as typeof import('../src/main.ts');

const task = JSON.parse(process.argv[2] ?? '{}') as CoordinatorTask;
const result = await measure(task);
process.send!({ type: 'measure', result });
process.disconnect();
