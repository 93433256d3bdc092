// One lvmsnapper run in a fresh process, as cron starts it, against the simulated host served by another process
// (bench/sim-server.ts): what it measures (wall, CPU, peak RSS) is the coordinator's alone. The server counts the
// commands. A run can record the host's answers, and another replay them with no simulator at all.
import { readFile, writeFile } from 'node:fs/promises';
import type { CommandResult, CommandRunner } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { connectSocketHost, type SocketHostClient } from '../src/host/socket-runner.ts';
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
  /** Write every answer the host gave this run (commands and mount table) to this file, after it is measured. */
  record?: string;
  /**
   * Take the host's answers from this file, written by a run with `record` and the same argv: each as soon as it is
   * asked for, so that the run measures lvmsnapper's own work alone. Only for runs that change nothing (`plan`).
   */
  replay?: string;
}

/** What a recorded run's host answered. */
interface RecordedAnswers {
  commands: { argv: readonly string[]; result: CommandResult }[];
  mountinfo: string;
}

const answerKey = (argv: readonly string[]): string => JSON.stringify(argv);

/** A host that answers from a recording, and fails on anything it was not asked then. */
async function replayHost(path: string, socketPath: string): Promise<Host> {
  const recorded = JSON.parse(await readFile(path, 'utf8')) as RecordedAnswers;
  const answers = new Map(recorded.commands.map((command) => [answerKey(command.argv), command.result]));
  return {
    runner: {
      run: async (request) => {
        const result = answers.get(answerKey(request.argv));
        if (result === undefined) throw new Error(`${path} has no answer for ${request.argv.join(' ')}`);
        return result;
      },
    },
    readMountinfo: async () => recorded.mountinfo,
    workerHost: { kind: 'socket', path: socketPath },
  };
}

/** The socket host; when the run records, each answer is kept (a run measured for the benchmark does not). */
function socketHost(client: SocketHostClient, socketPath: string, recording: RecordedAnswers | undefined): Host {
  const workerHost = { kind: 'socket', path: socketPath } as const;
  if (recording === undefined) return { runner: client, readMountinfo: () => client.readMountinfo(), workerHost };
  return {
    runner: {
      run: async (request) => {
        const result = await client.run(request);
        recording.commands.push({ argv: request.argv, result });
        return result;
      },
    },
    readMountinfo: async () => {
      recording.mountinfo = await client.readMountinfo();
      return recording.mountinfo;
    },
    workerHost,
  };
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
  const boundaryCpuMs = task.replay === undefined ? await calibrateBoundary(client) : 0;
  const recording: RecordedAnswers | undefined = task.record === undefined ? undefined : { commands: [], mountinfo: '' };
  // Worker threads connect to the same socket by themselves, as on a real host they start processes themselves.
  const host = task.replay === undefined ? socketHost(client, task.socketPath, recording) : await replayHost(task.replay, task.socketPath);
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
  if (task.record !== undefined) await writeFile(task.record, JSON.stringify(recording));
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
