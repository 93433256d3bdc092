// One benchmark scenario: a simulated site of N volumes over V VGs (its own process, with the measured latency
// model), and lvmsnapper runs against it, each in a fresh process as cron would start it: a create run then an
// expire run, or a `plan`. This process only relays commands between the two.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteConfigText, sitePaths, type SiteSpec } from '../src/sim/sample-site.ts';
import { installedCommandNodeOptions } from './cli-node-options.ts';
import type { CoordinatorTask } from './coordinator-run.ts';
import { medianMeasure, summarizeRun, type ProcessMeasure, type RunMeasure } from './measure.ts';
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
  /**
   * For `plan`: the create runs before it, an hour apart, each leaving a snapshot per volume mounted, exported and
   * linked; the oldest has just expired when the plan runs.
   */
  earlierRuns?: number;
  /** For `plan`: the host restarts after those runs (the snapshots inactive, nothing of theirs mounted or exported). */
  afterReboot?: boolean;
  /** For `plan`: how many plans run on the site (a plan changes nothing); its figures are their medians. */
  planRuns?: number;
  /** [main] worker_threads_from, when not the default (0: worker threads whatever the size). */
  workerThreadsFrom?: number;
}

export interface ScenarioResult {
  args: ScenarioArgs;
  create?: RunMeasure;
  expire?: RunMeasure;
  plan?: RunMeasure;
  /** The wall time of every plan, in the order they ran. */
  planWallsMs?: number[];
  /**
   * The same plans with the host's answers recorded from one more plan and replayed, each the moment it is asked for:
   * lvmsnapper's own time, without the simulated host's.
   */
  replay?: RunMeasure;
  replayWallsMs?: number[];
}

// The measured runs start as the installed command does: with the node options on the bundle's shebang line.
const CLI_NODE_OPTIONS = installedCommandNodeOptions();

const CYCLE_RULES = '[expire_midnight]\nmatch = 0 * * *\nexpire_after = 1 hour\n';
const planRules = (earlierRuns: number) => `[expire_hourly]\nmatch = * * * *\nexpire_after = ${earlierRuns} hours\n`;
const CREATE_AT = '2026-12-01T00:00:00Z';
const EXPIRE_AT = '2026-12-01T01:00:00Z';
const HOUR_MS = 3_600_000;
/** The latency of the runs that only set a site up: none, they are not measured. */
const SETUP_LATENCY_SCALE = 0;

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
  const rules = args.kind === 'plan' ? planRules(args.earlierRuns ?? 1) : CYCLE_RULES;
  return { root, volumes, rules, main: main.join('\n') };
}

/** Sends the server a request and waits for its answer. */
function ask<Answer>(server: ChildProcess, request: ServerRequest): Promise<Answer> {
  return new Promise((resolve) => {
    server.once('message', (answer: Answer) => resolve(answer));
    server.send(request);
  });
}

async function startServer(site: SiteSpec, latencyScale: number, socketPath: string): Promise<ChildProcess> {
  const server = fork(new URL('./sim-server.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await ask(server, { type: 'setup', site, latencyScale, socketPath });
  return server;
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

/** The create runs before a `plan`, one an hour, the last an hour before it; each must succeed. */
async function runEarlierCreates(server: ChildProcess, args: ScenarioArgs, createAt: (at: string) => CoordinatorTask): Promise<void> {
  const runs = args.earlierRuns ?? 0;
  for (let hoursBefore = runs; hoursBefore >= 1; hoursBefore -= 1) {
    const at = new Date(Date.parse(CREATE_AT) - hoursBefore * HOUR_MS).toISOString();
    const { exitCode } = await runCoordinator(server, createAt(at));
    if (exitCode !== 0) throw new Error(`the create run at ${at} that sets up the plan exited ${exitCode}`);
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
  const { log: served, connections } = await ask<{ log: ServedCommand[]; connections: number }>(server, { type: 'takeLog' });
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
  const server = await startServer(site, args.kind === 'plan' ? SETUP_LATENCY_SCALE : args.latencyScale, socketPath);
  const task = (argv: string[], phase: CoordinatorTask['phase']): CoordinatorTask =>
    ({ configPath, socketPath, argv, volumes: args.volumes, latencyScale: args.latencyScale, phase });
  try {
    if (args.kind === 'plan') {
      await runEarlierCreates(server, args, (at) => task(['--now', at, 'run'], 'create'));
      if (args.afterReboot === true) await ask(server, { type: 'reboot' });
      await ask(server, { type: 'latency', latencyScale: args.latencyScale });
      const plan = (): CoordinatorTask => task(['--now', CREATE_AT, 'plan'], 'plan');
      const runs = args.planRuns ?? 1;
      const plans: RunMeasure[] = [];
      for (let run = 0; run < runs; run += 1) plans.push(await runCoordinator(server, plan()));
      const answers = join(root, 'answers.json');
      await runCoordinator(server, { ...plan(), record: answers });
      const replays: RunMeasure[] = [];
      for (let run = 0; run < runs; run += 1) replays.push(await runCoordinator(server, { ...plan(), replay: answers }));
      // A replay that ended otherwise than the plans did (an answer missing from the recording) measured something else.
      const exitCodes = new Set([...plans, ...replays].map((measure) => measure.exitCode));
      if (exitCodes.size > 1) throw new Error(`the plans and their replays exited differently: ${[...exitCodes].join(', ')}`);
      return {
        args, plan: medianMeasure(plans), planWallsMs: plans.map((measure) => measure.wallMs),
        replay: medianMeasure(replays), replayWallsMs: replays.map((measure) => measure.wallMs),
      };
    }
    await makeEarlierCyclesFolders(site);
    const modeArgs = args.mode === 'sequential' ? ['--concurrency', '1', '--lvremove-per-snapshot'] : [];
    const create = await runCoordinator(server, task([...modeArgs, '--now', CREATE_AT, 'run'], 'create'));
    const expire = await runCoordinator(server, task([...modeArgs, '--now', EXPIRE_AT, 'run'], 'expire'));
    return { args, create, expire };
  } finally {
    server.kill();
    // A site of 10,000 volumes with three snapshots each leaves 60,000 folders (some 370 MB), and the benchmark
    // makes dozens of sites.
    await rm(root, { recursive: true, force: true });
  }
}
