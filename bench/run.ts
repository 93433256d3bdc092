// `npm run bench`: the scale matrix on the simulated host, the sequential baseline, the dry run at 10,000 volumes,
// real LVM in the VM suite's guest (not with --quick or --no-vm), and the goals, written to bench/results.md (and
// bench/results.json). Each lvmsnapper run is a fresh process. `--render` measures nothing: it writes results.md
// again from results.json (after a change to how results are told).
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { runScenario, type ScenarioArgs, type ScenarioResult } from './scenario.ts';
import { MEASURED_LATENCY } from './latency-model.ts';
import { medianMeasure, type RunMeasure } from './measure.ts';
import { measureRunnerStart } from './spawn-cost.ts';
import { measureIdleWakes, type IdleWake } from './idle-wake.ts';
import { evaluateRealLvmGoals, measureRealLvm, renderRealLvmSection, type RealLvmOutcome } from './real-lvm.ts';

const QUICK = process.argv.includes('--quick');
const NO_VM = process.argv.includes('--no-vm');
const RENDER_ONLY = process.argv.includes('--render');
// A thousand volumes and more: enough pipelines in flight to keep every VG's LVM lock and the export table busy.
const CONCURRENCY = 128;
// Runs this small last a second or less, where the machine's moment-to-moment speed moves a single figure by a
// quarter: each of their figures is the median of this many runs.
const SMALL_RUN_VOLUMES = 100;
const SMALL_RUN_REPEATS = 3;
const MATRIX_SCALE = 0.1;
const IDLE_GAP_VOLUMES = 100;
const IDLE_GAP_SCALES = [0.01, 1];

// A plan of 10,000 volumes moved by a third from one run to the next here; each site is set up once (some 40 s).
const PLAN_RUNS = 5;
const planAtScale = (afterReboot: boolean): ScenarioArgs => ({
  volumes: 10_000, vgs: 16, mode: 'parallel', kind: 'plan', latencyScale: MATRIX_SCALE, concurrency: CONCURRENCY,
  earlierRuns: 3, afterReboot, planRuns: PLAN_RUNS,
});

function matrix(): ScenarioArgs[] {
  const cycle = (volumes: number, vgs: number, latencyScale: number, mode: ScenarioArgs['mode'] = 'parallel'): ScenarioArgs =>
    ({ volumes, vgs, mode, kind: 'cycle', latencyScale, concurrency: CONCURRENCY });
  if (QUICK) return [cycle(10, 1, MATRIX_SCALE), cycle(100, 4, MATRIX_SCALE), cycle(100, 4, MATRIX_SCALE, 'sequential')];
  const scale: ScenarioArgs[] = [];
  for (const volumes of [10, 100, 1000, 5000]) {
    for (const vgs of [1, 4, 16]) if (vgs <= volumes) scale.push(cycle(volumes, vgs, MATRIX_SCALE));
  }
  return [
    // The goal's case at the measured latency itself (scale 1), then the matrix ten times faster than real time.
    cycle(1000, 16, 1),
    ...scale,
    // The matrix's 100 / 1 again with LVM's results ten times closer together, and as far apart as on real LVM: what
    // the time a coordinator sits idle between results adds to the CPU of the same work.
    ...IDLE_GAP_SCALES.map((latencyScale) => cycle(IDLE_GAP_VOLUMES, 1, latencyScale)),
    cycle(10, 1, MATRIX_SCALE, 'sequential'),
    cycle(100, 4, MATRIX_SCALE, 'sequential'),
    cycle(1000, 16, MATRIX_SCALE, 'sequential'),
    // What a worker costs where the pool stays in one thread: runs below worker_threads_from, and every run on two
    // cores (README, "Worker threads"). Forced by worker_threads_from = 0, and left out of the goals.
    { ...cycle(100, 4, MATRIX_SCALE), workerThreadsFrom: 0 },
    { ...cycle(1000, 16, MATRIX_SCALE), workerThreadsFrom: 0 },
    { ...cycle(5000, 16, MATRIX_SCALE), workerThreadsFrom: 0 },
    planAtScale(false),
    planAtScale(true),
  ];
}

/**
 * Idle times after which the cost of waking an idle process is measured: a command's wait in the matrix's rows, and
 * the wait for each lvcreate result of one VG at measured latency.
 */
const IDLE_MS = [1, 5, 40, MEASURED_LATENCY.lvcreate.lockedMs];

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const commandList = (measure: RunMeasure) => Object.entries(measure.commands).map(([kind, count]) => `${kind} ${count}`).join(', ');

function renderCycleRow(result: ScenarioResult): string {
  const { args, create, expire } = result;
  const threads = create!.commandThreads ?? 1;
  const pool = threads > 1 ? `${threads - 1} worker${threads > 2 ? 's' : ''}` : 'one thread';
  return `| ${args.volumes} | ${args.vgs} | ${args.mode} | ${pool} | ${args.latencyScale} | ${seconds(create!.wallMs)} | ${seconds(create!.floorMs)} | ${create!.ratio.toFixed(2)} | `
    + `${seconds(expire!.wallMs)} | ${seconds(expire!.floorMs)} | ${expire!.ratio.toFixed(2)} | ${create!.ownCpuMsPerVolume.toFixed(2)} / ${expire!.ownCpuMsPerVolume.toFixed(2)} | `
    + `${create!.wakeUpsPerVolume.toFixed(1)} / ${expire!.wakeUpsPerVolume.toFixed(1)} | ${Math.max(create!.peakRssMb, expire!.peakRssMb).toFixed(0)} | ${commandList(create!)} | ${commandList(expire!)} |`;
}

interface Goal { name: string; met: boolean; measured: string }

/** A cycle of the product as configured: run in parallel, without the worker threads forced for comparison. */
function isShippedCycle(result: ScenarioResult): boolean {
  return result.args.kind === 'cycle' && result.args.mode === 'parallel' && result.args.workerThreadsFrom === undefined;
}

function evaluateGoals(results: ScenarioResult[]): Goal[] {
  const find = (volumes: number, vgs: number, scale: number, mode = 'parallel') =>
    results.find((result) => result.args.kind === 'cycle' && result.args.volumes === volumes && result.args.vgs === vgs && result.args.latencyScale === scale && result.args.mode === mode);
  const goals: Goal[] = [];
  const goal = find(1000, 16, 1);
  if (goal?.create && goal.expire) {
    goals.push({ name: '1000 volumes / 16 VGs (measured latency): create within 1.15× floor', met: goal.create.ratio <= 1.15, measured: `${goal.create.ratio.toFixed(3)}×` });
    goals.push({ name: '1000 volumes / 16 VGs (measured latency): expire within 1.15× floor', met: goal.expire.ratio <= 1.15, measured: `${goal.expire.ratio.toFixed(3)}×` });
  }
  const cycles = results.filter((result) => isShippedCycle(result) && result.args.volumes >= 100);
  const cpuPerRun = cycles.flatMap((result) => (['create', 'expire'] as const).map((phase) => ({ result, phase, ms: result[phase]!.ownCpuMsPerVolume })));
  const worstCpu = cpuPerRun.reduce((worst, run) => (run.ms > worst.ms ? run : worst));
  const over = cpuPerRun.filter((run) => run.ms > 2).length;
  goals.push({
    name: 'coordinator CPU ≤ 2 ms per volume per run (≥ 100 volumes)', met: over === 0,
    measured: `worst ${worstCpu.ms.toFixed(2)} ms (${worstCpu.result.args.volumes} volumes / ${worstCpu.result.args.vgs} VG${worstCpu.result.args.vgs === 1 ? '' : 's'}, `
      + `scale ${worstCpu.result.args.latencyScale}, ${worstCpu.phase}); ${over} of ${cpuPerRun.length} runs over 2 ms`,
  });
  const big = cycles.filter((result) => result.args.volumes === 5000);
  const worstRss = Math.max(...big.flatMap((result) => [result.create!.peakRssMb, result.expire!.peakRssMb]));
  if (big.length > 0) goals.push({ name: 'peak RSS ≤ 200 MB at 5000 volumes', met: worstRss <= 200, measured: `worst ${worstRss.toFixed(0)} MB` });
  const plans = results.filter((result) => result.plan !== undefined);
  if (plans.length > 0) {
    goals.push({
      name: '`plan` for 10,000 volumes ≤ 3 s wall', met: plans.every((result) => result.plan!.wallMs <= 3000),
      measured: plans.map((result) => `${seconds(result.plan!.wallMs)} s${result.args.afterReboot === true ? ' after a restart' : ''}`).join(', ')
        + ` (medians); peak RSS ≤ ${Math.max(...plans.map((result) => result.plan!.peakRssMb)).toFixed(0)} MB`
        // Benchmarks before d97af36 did not replay the host's answers.
        + (plans.every((result) => result.replay !== undefined)
          ? `; with the host's answers replayed: ${plans.map((result) => `${seconds(result.replay!.wallMs)} s`).join(', ')}` : ''),
    });
  }
  const lvsOnce = cycles.every((result) => result.create!.commands.lvs === 1 && result.expire!.commands.lvs === 1);
  goals.push({ name: 'exactly one lvs per run', met: lvsOnce, measured: lvsOnce ? 'every run' : 'not every run' });
  const removePerVg = cycles.every((result) => result.expire!.commands.lvremove === result.args.vgs);
  goals.push({ name: 'one lvremove per VG per expire run', met: removePerVg, measured: removePerVg ? 'every run' : 'not every run' });
  return goals;
}

/**
 * The one-VG create of IDLE_GAP_VOLUMES volumes at every latency scale measured: one lvcreate result every so many ms
 * (LVM's lock hands them back one at a time), and what the same work then cost per volume.
 */
function renderIdleGapNote(results: ScenarioResult[]): string[] {
  const runs = results.filter((result) => isShippedCycle(result) && result.args.vgs === 1 && result.args.volumes === IDLE_GAP_VOLUMES)
    .sort((a, b) => a.args.latencyScale - b.args.latencyScale);
  if (runs.length < 2) return [];
  const list = (pick: (result: ScenarioResult) => string) => runs.map(pick).join(' / ');
  return [
    `The same create of ${IDLE_GAP_VOLUMES} volumes in one VG at scale ${list((result) => String(result.args.latencyScale))}, where the`,
    `coordinator gets one lvcreate result every ${list((result) => (MEASURED_LATENCY.lvcreate.lockedMs * result.args.latencyScale).toFixed(1))} ms`,
    `and sits idle in between: CPU ${list((result) => result.create!.ownCpuMsPerVolume.toFixed(2))} ms per volume, at`,
    `${list((result) => result.create!.wakeUpsPerVolume.toFixed(1))} wake-ups per volume. The commands and the work are the same: the longer the`,
    'process sits idle between results, the fewer arrive together and the more CPU the same work takes.',
    '',
  ];
}

function renderPlanLine(result: ScenarioResult): string {
  const { args, plan } = result;
  const site = `\`plan\` over ${args.volumes} volumes in ${args.vgs} VGs, each with the ${args.earlierRuns} snapshots of earlier hourly runs, the oldest just expired`;
  const state = args.afterReboot === true ? ', after a restart of the host (the snapshots inactive, none mounted or exported)' : ', mounted, exported and linked';
  const figures = (measure: RunMeasure, walls: number[]): string => {
    const runs = walls.length > 1 ? `median of ${walls.length} plans on the site (${walls.map(seconds).join(', ')} s): ` : '';
    return `${runs}${seconds(measure.wallMs)} s wall, ${measure.cpuMs.toFixed(0)} ms CPU, peak RSS ${measure.peakRssMb.toFixed(0)} MB`;
  };
  const replayed = result.replay === undefined ? ''
    : ` The same plans with the answers of the host recorded and replayed, each the moment it is asked for: ${figures(result.replay, result.replayWallsMs ?? [result.replay.wallMs])}.`;
  return `- ${site}${state}: ${figures(plan!, result.planWallsMs ?? [plan!.wallMs])}, ${commandList(plan!)}.${replayed}`;
}

/** A scenario's result: small runs repeated, their figures the medians. */
async function measureScenario(args: ScenarioArgs): Promise<ScenarioResult> {
  const repeats = args.kind === 'cycle' && args.volumes <= SMALL_RUN_VOLUMES ? SMALL_RUN_REPEATS : 1;
  const runs: ScenarioResult[] = [];
  for (let run = 0; run < repeats; run += 1) runs.push(await runScenario(args));
  if (repeats === 1) return runs[0]!;
  return { args, create: medianMeasure(runs.map((run) => run.create!)), expire: medianMeasure(runs.map((run) => run.expire!)) };
}

/** Everything a benchmark measured: results.json. */
interface BenchMeasures {
  measuredAt: string;
  machine: string;
  spawn: Awaited<ReturnType<typeof measureRunnerStart>>;
  idleWakes: IdleWake[];
  results: ScenarioResult[];
  realLvm: RealLvmOutcome;
}

async function measureAll(): Promise<BenchMeasures> {
  const measuredAt = new Date().toISOString();
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node.js ${process.version}`;
  const spawn = await measureRunnerStart(200);
  const idleWakes = await measureIdleWakes(IDLE_MS);
  const results: ScenarioResult[] = [];
  for (const args of matrix()) {
    process.stderr.write(`bench: ${JSON.stringify(args)}\n`);
    results.push(await measureScenario(args));
  }
  let realLvm: RealLvmOutcome;
  if (QUICK || NO_VM) realLvm = { kind: 'skipped', reason: QUICK ? '--quick' : '--no-vm' };
  else {
    process.stderr.write('bench: real LVM in the VM guest\n');
    realLvm = await measureRealLvm();
  }
  return { measuredAt, machine, spawn, idleWakes, results, realLvm };
}

/** results.md, and the goal rows. */
function renderResults(measures: BenchMeasures): { lines: string[]; goals: Goal[] } {
  const { spawn, idleWakes, results, realLvm } = measures;
  const cycles = results.filter((result) => result.args.kind === 'cycle');
  const forcedRows = cycles.filter((result) => result.args.workerThreadsFrom !== undefined).length;
  const plans = results.filter((result) => result.plan !== undefined);
  const goals = [...evaluateGoals(results), ...evaluateRealLvmGoals(realLvm)];
  const lines = [
    '# lvmsnapper benchmark results',
    '',
    `Generated by \`npm run bench\` on ${measures.measuredAt}: ${measures.machine}.`,
    '',
    '## Goals',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    ...goals.map((item) => `| ${item.name} | ${item.measured} | ${item.met ? 'yes' : '**no**'} |`),
    '',
    '## Scale on the simulated host',
    '',
    'Each row: a create run (every volume snapshotted, mounted, linked in `linkdir`, exported to one NFS client), then an',
    'expire run (all of them removed), each a fresh lvmsnapper process, against the simulated host running in another',
    'process. The host is one cron has run on before: each volume\'s snapshot folder and link folder exist (an expire',
    'removes only the snapshots\' own), as they do for every create but a host\'s very first. `scale` multiplies the',
    'latency model (1 = the per-command costs measured on real LVM in the QEMU guest; 0.1 = ten times faster, to keep',
    'the matrix short). `floor`: the inventory, then per VG the serialized locked part of',
    'every LVM command, and the export table lock held by every exportfs that changes it (one per new snapshot, which',
    'each carry their own fsid; one for all unexports) — everything else (process start, mount, links) overlaps freely.',
    '`CPU/vol`: CPU of the lvmsnapper process per volume (main thread and workers), without the round trips to the',
    'simulated host (calibrated with empty commands over the same socket; a real host starts a process instead). Worker',
    'threads connect to the simulated host themselves, as on a real host they start processes themselves. `wake-ups/vol`:',
    'times a thread of that process went to sleep and was woken again, per volume (getrusage ru_nvcsw; each costs CPU,',
    'see "Machine costs"). `pool`: the',
    'threads that ran commands: the coordinator\'s own thread (runs under [main] worker_threads_from, 256 volumes, and',
    `every run on a host with fewer than 3 cores, such as this one) or worker threads (the last ${forcedRows} rows, forced with`,
    '`worker_threads_from = 0` for comparison and left out of the goals). Every run starts with the node options of the',
    `bundle's shebang line, as the installed command does (README, "Memory"). Concurrency cap ${CONCURRENCY} ([main] concurrency).`,
    `Rows of ${SMALL_RUN_VOLUMES} volumes or fewer: every figure is the median of ${SMALL_RUN_REPEATS} cycles, each in a fresh world.`,
    '',
    '| volumes | VGs | mode | pool | scale | create s | floor s | ratio | expire s | floor s | ratio | CPU/vol ms (create / expire) | wake-ups/vol | peak RSS MB | create: processes | expire: processes |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...cycles.map(renderCycleRow),
    '',
    '`sequential` is the original tool\'s way, measured in the same run: `--concurrency 1` and one `lvremove` per',
    'snapshot.',
    '',
    ...(plans.length > 0 ? ['## Dry run at scale', '', ...plans.map(renderPlanLine), ''] : []),
    ...renderRealLvmSection(realLvm),
    '## Machine costs',
    '',
    `Waking an idle node process (a timer, nothing else to do; started with the installed command's options) costs this machine, in ms of CPU: `
      + `${idleWakes.map((wake) => `${wake.cpuMs.toFixed(3)} after ${wake.idleMs} ms idle`).join(', ')}. A coordinator waiting for one`,
    'command at a time (one VG) pays that for every result before doing any work.',
    '',
    ...renderIdleGapNote(results),
    `Starting one short process through the command runner (execa) costs this machine ${spawn.cpuMs.toFixed(2)} ms CPU and ${spawn.wallMs.toFixed(2)} ms wall;`,
    'the latency model counts process start in each command\'s `startMs`:',
    '',
    '| command | start ms | locked ms | per item ms |',
    '|---|---|---|---|',
    ...Object.entries(MEASURED_LATENCY).map(([kind, latency]) => `| ${kind} | ${latency.startMs} | ${latency.lockedMs} | ${latency.perItemMs ?? 0} |`),
    '',
  ];
  return { lines, goals };
}

async function main(): Promise<void> {
  const out = QUICK ? 'bench/results-quick' : 'bench/results';
  const measures = RENDER_ONLY ? (JSON.parse(await readFile(`${out}.json`, 'utf8')) as BenchMeasures) : await measureAll();
  if (!RENDER_ONLY) await writeFile(`${out}.json`, `${JSON.stringify(measures, null, 1)}\n`);
  const { lines, goals } = renderResults(measures);
  await writeFile(`${out}.md`, `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.slice(4, 6 + goals.length + 2).join('\n')}\nwritten to ${out}.md\n`);
  // A benchmark whose real runs failed has measured nothing there: say so in the exit code too.
  if (measures.realLvm.kind === 'failed') process.exitCode = 1;
}

await main();
