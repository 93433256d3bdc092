// One benchmark scenario: a simulated site of N volumes over V VGs (its own process, with the measured latency
// model), and lvmsnapper runs against it, each in a fresh process as cron would start it: a create run then an
// expire run, or a `plan`. This process only relays commands between the two.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotSpec } from '../src/sim/index.ts';
import { siteConfigText, sitePaths, type SiteSpec } from '../src/sim/sample-site.ts';
import { installedCommandNodeOptions } from './cli-node-options.ts';
import type { CoordinatorTask } from './coordinator-run.ts';
import { summarizeRun, type ProcessMeasure, type RunMeasure } from './measure.ts';
import type { ServedCommand, ServerRequest } from './sim-server.ts';

export interface ScenarioArgs {
  volumes: number;
  vgs: number;
  /** `parallel`: the product as configured; `sequential`: --concurrency 1 and one lvremove per snapshot. */
  mode: 'parallel' | 'sequential';
  /** `cycle`: a create run then an expire run; `plan`: a dry run over a site with existing snapshots. */
  kind: 'cycle' | 'plan';
  latencyScale: number;
  concurrency: number;
  /** Snapshots per volume that already exist (for `plan`). */
  existingSnapshots?: number;
  /** [main] worker_threads_from, when not the default (0: worker threads whatever the size). */
  workerThreadsFrom?: number;
}

export interface ScenarioResult {
  args: ScenarioArgs;
  create?: RunMeasure;
  expire?: RunMeasure;
  plan?: RunMeasure;
}

// The measured runs start as the installed command does: with the node options on the bundle's shebang line.
const CLI_NODE_OPTIONS = installedCommandNodeOptions();

const RULES = '[expire_midnight]\nmatch = 0 * * *\nexpire_after = 1 hour\n';
const CREATE_AT = '2026-12-01T00:00:00Z';
const EXPIRE_AT = '2026-12-01T01:00:00Z';

function buildSite(root: string, args: ScenarioArgs): SiteSpec {
  const volumes = Array.from({ length: args.volumes }, (_, index) => ({
    name: `vol${String(index).padStart(5, '0')}`,
    vg: `vg${String(index % args.vgs).padStart(2, '0')}`,
    fs: 'ext4' as const,
    linkdir: true,
    clients: ['10.1.1.0/24'],
  }));
  const main = [`concurrency = ${args.concurrency}`];
  if (args.workerThreadsFrom !== undefined) main.push(`worker_threads_from = ${args.workerThreadsFrom}`);
  return { root, volumes, rules: RULES, main: main.join('\n') };
}

/** Snapshots that already exist before a `plan`: one per hour of the night before, the oldest just expired. */
function existingSnapshots(site: SiteSpec, perVolume: number): SnapshotSpec[] {
  return site.volumes.flatMap((volume) => Array.from({ length: perVolume }, (_, index) => {
    const hour = String(index).padStart(2, '0');
    return { vg: volume.vg, name: `${volume.name}-20261130${hour}0000`, origin: volume.name, tags: ['snapper', `snapper_exp:20261201T${hour}0000Z`] };
  }));
}

function startServer(site: SiteSpec, args: ScenarioArgs, socketPath: string): Promise<ChildProcess> {
  const server = fork(new URL('./sim-server.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const snapshots = args.kind === 'plan' ? existingSnapshots(site, args.existingSnapshots ?? 0) : [];
  return new Promise((resolve) => {
    server.once('message', () => resolve(server));
    server.send({ type: 'setup', site, latencyScale: args.latencyScale, snapshots, socketPath } satisfies ServerRequest);
  });
}

/**
 * The folders an earlier cycle leaves behind, as on a host where cron has run before: each volume's snapshot folder
 * and link folder, empty (its expire removed the snapshots' own folders and links). A host's very first create
 * makes them too.
 */
async function makeEarlierCyclesFolders(site: SiteSpec): Promise<void> {
  const paths = sitePaths(site.root);
  for (const volume of site.volumes) {
    await mkdir(paths.snapdir(volume.name), { recursive: true });
    if (volume.linkdir) await mkdir(paths.linkdir(volume.name), { recursive: true });
  }
}

/**
 * Runs one coordinator process (it reaches the server's socket by itself), then asks the server which commands it
 * served meanwhile.
 */
async function runCoordinator(server: ChildProcess, task: CoordinatorTask): Promise<RunMeasure> {
  const child = fork(new URL('./coordinator-run.js', import.meta.url), [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: CLI_NODE_OPTIONS });
  const measure = await new Promise<ProcessMeasure>((resolve, reject) => {
    child.once('message', (message: { type: 'measure'; result: ProcessMeasure }) => resolve(message.result));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`coordinator run exited ${code}`));
    });
  });
  const { log: served, connections } = await new Promise<{ log: ServedCommand[]; connections: number }>((resolve) => {
    server.once('message', (message: { type: 'log'; log: ServedCommand[]; connections: number }) => resolve(message));
    server.send({ type: 'takeLog' } satisfies ServerRequest);
  });
  // The calibration's empty commands are not part of the run.
  const ofTheRun = served.filter((command) => !(command.argv.length === 1 && command.argv[0] === 'true'));
  return { ...summarizeRun(measure, ofTheRun, task.volumes, task.latencyScale, task.phase), commandThreads: connections };
}

/** Runs the scenario. */
export async function runScenario(args: ScenarioArgs): Promise<ScenarioResult> {
  const root = await mkdtemp(join(tmpdir(), 'lvmsnapper-bench-'));
  const site = buildSite(root, args);
  const configPath = join(root, 'lvmsnapper.conf');
  await writeFile(configPath, siteConfigText(site));
  const socketPath = join(root, 'sim.sock');
  const server = await startServer(site, args, socketPath);
  const task = (argv: string[], phase: CoordinatorTask['phase']): CoordinatorTask =>
    ({ configPath, socketPath, argv, volumes: args.volumes, latencyScale: args.latencyScale, phase });
  try {
    if (args.kind === 'plan') return { args, plan: await runCoordinator(server, task(['--now', CREATE_AT, 'plan'], 'plan')) };
    await makeEarlierCyclesFolders(site);
    const modeArgs = args.mode === 'sequential' ? ['--concurrency', '1', '--lvremove-per-snapshot'] : [];
    const create = await runCoordinator(server, task([...modeArgs, '--now', CREATE_AT, 'run'], 'create'));
    const expire = await runCoordinator(server, task([...modeArgs, '--now', EXPIRE_AT, 'run'], 'expire'));
    return { args, create, expire };
  } finally {
    server.kill();
  }
}
