// The benchmark on real LVM: runs the VM scenario bench-real (test/vm/guest/scenarios/bench-real.sh: 16 thin ext4
// volumes over 2 VGs in the QEMU guest, lvmsnapper as shipped and the sequential baseline in one boot), reads the
// bench-real.json it brings back, and renders the "Real LVM" section and goals of bench/results.md.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { LVM_STREAMS_PER_VG } from '../src/coordinator/run-cycle.ts';
import { median } from './measure.ts';
import type { KindTotal } from './real-lvm-trace.ts';
import type { RealLvmDocument, RealLvmMode, RealLvmPhase, RealLvmRun } from './real-lvm-summary.ts';

const RUN_SH = 'test/vm/run.sh';
const DOCUMENT = 'test/vm/out/results/bench-real.json';
// Five rounds of shipped, replayed and sequential cycles take 6-7 minutes in the guest, past a test scenario's limit.
const SCENARIO_TIMEOUT_S = 1200;
/** Issue 4's goals for the 16 volumes in the guest. */
const GOAL_MS: Record<RealLvmPhase, number> = { create: 10_000, expire: 4_000 };

/** The measurement, or why there is none. */
export type RealLvmOutcome =
  | { kind: 'measured'; document: RealLvmDocument }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

export interface RealLvmGoal { name: string; met: boolean; measured: string }

/** Boots the guest for the scenario bench-real (its progress on stderr) and reads what it measured. */
export async function measureRealLvm(): Promise<RealLvmOutcome> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [RUN_SH, '--scenario', 'bench-real'], {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, VM_SCENARIO_TIMEOUT: String(SCENARIO_TIMEOUT_S) },
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (exitCode !== 0) return { kind: 'failed', reason: `\`bash ${RUN_SH} --scenario bench-real\` exited ${exitCode} (see test/vm/out/results/logs/bench-real.log)` };
  return { kind: 'measured', document: JSON.parse(await readFile(DOCUMENT, 'utf8')) as RealLvmDocument };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function runsOf(document: RealLvmDocument, mode: RealLvmMode, phase: RealLvmPhase): RealLvmRun[] {
  return document.runs.filter((run) => run.mode === mode && run.phase === phase).sort((a, b) => a.wallMs - b.wallMs);
}

/** The run of the median wall time among runs sorted by wall time (the slower middle one of an even count). */
function middleOf(sortedRuns: readonly RealLvmRun[]): RealLvmRun | undefined {
  return sortedRuns[Math.floor(sortedRuns.length / 2)];
}

function medianRun(document: RealLvmDocument, mode: RealLvmMode, phase: RealLvmPhase): RealLvmRun | undefined {
  return middleOf(runsOf(document, mode, phase));
}

/**
 * The wall time `run` would still have needed had the CLI itself used no CPU at all: what the guest's vCPUs spent on
 * everything else (the commands as the run issued them, udev, kernel threads), spread over all of them.
 */
function otherWorkFloorMs(run: RealLvmRun, cpus: number): number | undefined {
  return run.trace.cliCpuMs === undefined ? undefined : (run.cpu.guestBusyMs - run.trace.cliCpuMs) / cpus;
}

/** Wall ms of the replays of the shipped create's commands without lvmsnapper, fastest first. */
function replayWalls(document: RealLvmDocument): number[] {
  return document.replays.map((replay) => replay.wallMs).sort((a, b) => a - b);
}

/** The goal rows: the shipped create run ≤ 10 s, the shipped expire run ≤ 4 s (the median run of the rounds). */
export function evaluateRealLvmGoals(outcome: RealLvmOutcome): RealLvmGoal[] {
  if (outcome.kind === 'skipped') return [];
  return (['create', 'expire'] as const).map((phase) => {
    const name = `real LVM ${phase} run ≤ ${GOAL_MS[phase] / 1000} s (16 volumes / 2 VGs, QEMU TCG)`;
    if (outcome.kind === 'failed') return { name, met: false, measured: 'the VM run failed' };
    const runs = runsOf(outcome.document, 'shipped', phase);
    const run = middleOf(runs);
    if (run === undefined) return { name, met: false, measured: 'no such run' };
    const floorMs = otherWorkFloorMs(run, outcome.document.cpus);
    const floor = floorMs === undefined ? '' : `; the guest's other work alone ≥ ${seconds(floorMs)} s`;
    const replays = phase === 'create' ? replayWalls(outcome.document) : [];
    const replayed = replays.length === 0 ? '' : `; its commands alone, from a shell: ${seconds(median(replays))} s`;
    return { name, met: run.wallMs <= GOAL_MS[phase], measured: `${seconds(run.wallMs)} s${runs.length > 1 ? ` (median of ${runs.length})` : ''}${floor}${replayed}` };
  });
}

const cell = (total: KindTotal | undefined) => (total === undefined ? '0'
  : `${total.count} / ${seconds(total.ms)}${total.cpuMs === undefined ? '' : ` / ${seconds(total.cpuMs)}`}`);

/** exportfs's three uses in one cell: the total, then per action. */
function exportfsCell(kinds: Record<string, KindTotal>): string {
  const actions = Object.entries(kinds).filter(([kind]) => kind.startsWith('exportfs '));
  if (actions.length === 0) return '0';
  const total = actions.reduce((sum, [, value]) => ({
    count: sum.count + value.count,
    ms: sum.ms + value.ms,
    ...(value.cpuMs === undefined ? {} : { cpuMs: (sum.cpuMs ?? 0) + value.cpuMs }),
  }), { count: 0, ms: 0 } as KindTotal);
  return `${cell(total)} (${actions.map(([kind, value]) => `${kind.slice('exportfs '.length)} ${value.count}`).join(', ')})`;
}

function renderRunRow(run: RealLvmRun): string {
  const { kinds, lvmByVg } = run.trace;
  const vgs = Object.entries(lvmByVg).map(([vg, load]) => `${vg} ${seconds(load.busyMs)} (${load.maxInFlight})`).join(', ');
  const { guestBusyMs, guestIdleMs } = run.cpu;
  const busy = `${Math.round((100 * guestBusyMs) / (guestBusyMs + guestIdleMs))} %`;
  const cpu = (ms: number | undefined) => (ms === undefined ? '—' : seconds(ms));
  return `| ${run.mode} | ${run.phase} | ${run.round} | ${seconds(run.wallMs)} | ${busy} | ${cpu(run.trace.cliCpuMs)} | ${seconds(run.trace.firstCommandMs)} | `
    + `${seconds(run.trace.afterLastCommandMs)} | ${cell(kinds.lvs)} | ${cell(kinds.lvcreate)} | ${cell(kinds.lvchange)} | ${cell(kinds.lvremove)} | `
    + `${cell(kinds.blkid)} | ${cell(kinds.mount)} | ${cell(kinds.umount)} | ${exportfsCell(kinds)} | ${cpu(run.trace.otherCpuMs)} | ${vgs || '—'} |`;
}

/** The median of a sample of ms values, written by `format`; `not measured` for a missing sample. */
function medianOf(values: readonly number[] | undefined, format: (ms: number) => string): string {
  return values === undefined || values.length === 0 ? 'not measured' : format(median(values));
}

const asSeconds = (ms: number) => `${seconds(ms)} s`;
const asMs = (ms: number) => `${ms.toFixed(1)} ms`;

/** The "Real LVM (QEMU guest)" section of results.md. */
export function renderRealLvmSection(outcome: RealLvmOutcome): string[] {
  const heading = ['## Real LVM (QEMU guest)', ''];
  if (outcome.kind === 'skipped') return [...heading, `Not measured (${outcome.reason}).`, ''];
  if (outcome.kind === 'failed') return [...heading, `**Not measured: ${outcome.reason}.**`, ''];
  const { document } = outcome;
  const shipped = (phase: RealLvmPhase) => medianRun(document, 'shipped', phase);
  const sequential = (phase: RealLvmPhase) => medianRun(document, 'sequential', phase);
  const rounds = Math.max(...document.runs.map((run) => run.round));
  const medianRuns = (['shipped', 'sequential'] as const).flatMap((mode) => (['create', 'expire'] as const).map((phase) => medianRun(document, mode, phase)))
    .filter((run): run is RealLvmRun => run !== undefined);
  const walls = (mode: RealLvmMode, phase: RealLvmPhase) => runsOf(document, mode, phase).map((run) => seconds(run.wallMs)).join(', ');
  const floors = () => medianRuns.map((run) => {
    const floorMs = otherWorkFloorMs(run, document.cpus);
    return `${run.mode} ${run.phase} ${floorMs === undefined ? 'not measured' : asSeconds(floorMs)}`;
  }).join(', ');
  const speedup = (phase: RealLvmPhase) => {
    const [fast, slow] = [shipped(phase), sequential(phase)];
    return fast && slow ? `${(slow.wallMs / fast.wallMs).toFixed(1)}×` : 'n/a';
  };
  return [
    ...heading,
    `${document.volumes} thin ext4 volumes over ${document.vgs} VGs, each with a \`linkdir\` and one NFS client, in one boot of the`,
    `VM suite's guest (\`VM_SCENARIO_TIMEOUT=${SCENARIO_TIMEOUT_S} bash ${RUN_SH} --scenario bench-real\`; Linux ${document.kernel}, lvm2 ${document.lvm}, Node.js ${document.node},`,
    `${document.accel.toUpperCase()} on ${document.cpus} vCPUs, measured ${document.measured}). A create run at midnight snapshots all of them, an expire`,
    'run an hour later removes all of them and creates nothing; each is a fresh `dist/bundle/lvmsnapper.cjs` process (started through its shebang, as installed) timed around',
    'it (node start-up included, as cron sees it), and checked against `lvs`, mountinfo and `exportfs -v` afterwards.',
    `\`shipped\`: the defaults (${LVM_STREAMS_PER_VG} LVM commands at once per VG, one \`lvremove\` per VG, merged \`exportfs -u\`); \`sequential\`:`,
    '`--concurrency 1 --lvremove-per-snapshot`, one volume and one command at a time, measured in the same boot.',
    `The boot runs ${rounds} round${rounds === 1 ? '' : 's'} of shipped then sequential cycles; the emulated guest's speed follows the load on the`,
    'machine, so each row below is the round whose wall time is the median of its mode and run. All wall times, in order',
    `of speed: shipped create ${walls('shipped', 'create')} s; expire ${walls('shipped', 'expire')} s; sequential create`,
    `${walls('sequential', 'create')} s; expire ${walls('sequential', 'expire')} s.`,
    '',
    'Per command kind: processes / summed seconds / CPU seconds, from a kernel trace of every process the run started',
    '(exec to exit; commands that overlap each count in full, so a sum may exceed the wall) and process accounting (user +',
    'system time, in 10 ms ticks). `CPU busy`: of all vCPUs during the run (udev, kernel threads and the run). `node CPU`:',
    'the CLI process itself, main thread and workers. `other CPU`: processes that were not the run\'s (udev\'s helpers).',
    '`first cmd`: from the CLI\'s exec to its first command (node start-up, config, lock); `after last`: from the last',
    'command\'s exit to the CLI\'s. `lvm busy`: per VG, the time with an lvm command of that VG running (most at once).',
    '',
    '| mode | run | round | wall s | CPU busy | node CPU s | first cmd s | after last s | lvs | lvcreate | lvchange | lvremove | blkid | mount | umount | exportfs | other CPU s | lvm busy per VG s (most at once) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...medianRuns.map(renderRunRow),
    '',
    `Shipped against sequential: create ${speedup('create')} faster, expire ${speedup('expire')}. Had lvmsnapper itself used no CPU,`,
    `what the guest's vCPUs did besides (busy time less \`node CPU\`, over ${document.cpus} vCPUs) would still have taken: ${floors()}.`,
    'In this guest `node -e 0` takes',
    `${medianOf(document.samples.node_e0, asSeconds)} and \`lvmsnapper --help\` ${medianOf(document.samples.cli_help, asSeconds)}; starting one process (\`true\`) costs node`,
    `${medianOf(document.samples.spawn_runner_cpu, asMs)} of CPU through the command runner (execa), ${medianOf(document.samples.spawn_bare_cpu, asMs)} with child_process alone (medians).`,
    '',
    ...renderReplay(document),
  ];
}

/** The shipped create's commands without lvmsnapper, against the shipped create itself. */
function renderReplay(document: RealLvmDocument): string[] {
  const walls = replayWalls(document);
  const create = medianRun(document, 'shipped', 'create');
  if (walls.length === 0 || create === undefined) return [];
  const replayMs = median(walls);
  const busy = median(document.replays.map((replay) => (100 * replay.cpu.guestBusyMs) / (replay.cpu.guestBusyMs + replay.cpu.guestIdleMs)));
  return [
    'The same commands without lvmsnapper: after each shipped cycle, the commands its create run started (the same argv',
    `and environment: its inventory's \`lvs\` and \`exportfs -v\` at once, then every volume at once, LVM commands ${LVM_STREAMS_PER_VG} at a time`,
    'per VG) ran again from a bash script (bench/real-lvm-replay.ts), timed from before its first command to its last',
    `one's exit (its folders and links made outside that time): ${walls.map(seconds).join(', ')} s, median`,
    `${asSeconds(replayMs)} at ${Math.round(busy)} % CPU busy, against ${asSeconds(create.wallMs)} for lvmsnapper's median create (node start-up included):`,
    `${asSeconds(create.wallMs - replayMs)} is lvmsnapper's, ${asSeconds(create.trace.firstCommandMs)} of it before its first command.`,
    ...renderStartFreeBound(document, create, replayMs, busy),
    '',
  ];
}

/**
 * What the create would take if lvmsnapper's program were ready the moment node is (its start past `node -e 0`
 * cut to nothing), and what execa's CPU for the run's processes alone is: the two parts of what it adds.
 */
function renderStartFreeBound(document: RealLvmDocument, create: RealLvmRun, replayMs: number, busy: number): string[] {
  const nodeMs = document.samples.node_e0 === undefined ? undefined : median(document.samples.node_e0);
  const spawnCpuMs = document.samples.spawn_runner_cpu === undefined ? undefined : median(document.samples.spawn_runner_cpu);
  if (nodeMs === undefined || spawnCpuMs === undefined) return [];
  const processes = Object.values(create.trace.kinds).reduce((sum, kind) => sum + kind.count, 0);
  const spawnsCpuMs = processes * spawnCpuMs;
  const startFreeMs = create.wallMs - (create.trace.firstCommandMs - nodeMs);
  const fromFirstMs = create.wallMs - create.trace.firstCommandMs;
  const beyondReplayMs = fromFirstMs - replayMs;
  return [
    `From its first command to its exit it took ${asSeconds(fromFirstMs)}, ${asSeconds(Math.abs(beyondReplayMs))} ${beyondReplayMs < 0 ? 'less' : 'more'} than the commands alone. Starting`,
    `its ${processes} processes through execa costs node ${asSeconds(spawnsCpuMs)} of CPU (${processes} × ${asMs(spawnCpuMs)}), which on ${document.cpus} vCPUs`,
    `the commands keep ${Math.round(busy)} % busy is ${asSeconds(spawnsCpuMs / document.cpus)} of wall. Had lvmsnapper's program been ready the moment`,
    `node is (its first command ${asSeconds(nodeMs)} after exec, as \`node -e 0\` ends), the create would still have taken ${asSeconds(startFreeMs)}.`,
  ];
}
