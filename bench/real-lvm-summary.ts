// Inside the VM guest, after the scenario bench-real: turns its raw measurements (a manifest, and per run the
// kernel's exec trace, its process accounting and the --json run report) into the one document that
// bench/real-lvm.ts renders.
//   node dist/bench/real-lvm-summary.js RAW_DIR OUT_JSON
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../src/report/types.ts';
import { parseAcctV3 } from './process-accounting.ts';
import { parseExecTrace, summarizeReportSteps, summarizeTrace, type KindTotal, type TraceSummary } from './real-lvm-trace.ts';

export type RealLvmMode = 'shipped' | 'sequential';
export type RealLvmPhase = 'create' | 'expire';

export interface RealLvmRun {
  mode: RealLvmMode;
  phase: RealLvmPhase;
  /** Which of the boot's rounds (1, 2, …): each round runs every mode's create and expire once. */
  round: number;
  /** The CLI's arguments after `-c CONFIG`. */
  argv: string[];
  /** Around the CLI process, as cron sees it: node start-up included. */
  wallMs: number;
  exitCode: number;
  /** The run's own startedAt → finishedAt, from its report. */
  reportMs: number;
  /** CPU time of the whole guest during the run (all vCPUs; udev, the kernel and the run), busy and idle. */
  cpu: { guestBusyMs: number; guestIdleMs: number };
  summary: RunReport['summary'];
  trace: TraceSummary;
  /** Per step name of the run report; a command shared by several volumes counts once. */
  reportSteps: Record<string, KindTotal>;
}

/** The commands of a shipped create run replayed by a bash script, without lvmsnapper (bench/real-lvm-replay.ts). */
export interface RealLvmReplay {
  phase: 'create';
  /** The round whose shipped create it replays, right after that round's shipped cycle. */
  round: number;
  /** From just before its first command to its last command's exit. */
  wallMs: number;
  exitCode: number;
  cpu: { guestBusyMs: number; guestIdleMs: number };
}

/** bench-real.json: the machine, the world, and each measured run. */
export interface RealLvmDocument {
  measured: string;
  accel: string;
  kernel: string;
  lvm: string;
  node: string;
  cpus: number;
  volumes: number;
  vgs: number;
  /** Wall ms of repeated short processes in the guest (`node -e 0`, the CLI's `--help`). */
  samples: Record<string, number[]>;
  runs: RealLvmRun[];
  replays: RealLvmReplay[];
}

/**
 * The manifest written by the scenario, one fact a line: `fact NAME VALUE…`, `sample NAME MS`, and
 * `run MODE PHASE ROUND PID WALL_MS EXIT_CODE GUEST_BUSY_MS GUEST_IDLE_MS ARG…` (its trace, process accounting and
 * report are MODE-PHASE-ROUND.trace, .acct and .report.json), `replay PHASE ROUND WALL_MS EXIT_CODE GUEST_BUSY_MS
 * GUEST_IDLE_MS`.
 */
async function summarize(rawDir: string): Promise<RealLvmDocument> {
  const facts = new Map<string, string>();
  const samples: Record<string, number[]> = {};
  const runs: RealLvmRun[] = [];
  const replays: RealLvmReplay[] = [];
  for (const line of (await readFile(join(rawDir, 'manifest.txt'), 'utf8')).split('\n')) {
    const [type, ...words] = line.split(' ');
    if (type === 'fact') facts.set(words[0]!, words.slice(1).join(' '));
    else if (type === 'sample') (samples[words[0]!] ??= []).push(Number(words[1]));
    else if (type === 'run') runs.push(await summarizeRun(rawDir, words));
    else if (type === 'replay') replays.push(replayOf(words));
  }
  const fact = (name: string) => facts.get(name) ?? 'unknown';
  return {
    measured: new Date().toISOString(),
    accel: fact('accel'),
    kernel: fact('kernel'),
    lvm: fact('lvm'),
    node: fact('node'),
    cpus: Number(fact('cpus')),
    volumes: Number(fact('volumes')),
    vgs: Number(fact('vgs')),
    samples,
    runs,
    replays,
  };
}

function replayOf(words: string[]): RealLvmReplay {
  const [phase, round, wallMs, exitCode, guestBusyMs, guestIdleMs] = words;
  if (phase !== 'create') throw new Error(`a replay of a ${phase} run: only create runs are replayed`);
  return {
    phase, round: Number(round), wallMs: Number(wallMs), exitCode: Number(exitCode),
    cpu: { guestBusyMs: Number(guestBusyMs), guestIdleMs: Number(guestIdleMs) },
  };
}

async function summarizeRun(rawDir: string, words: string[]): Promise<RealLvmRun> {
  const [mode, phase, round, pid, wallMs, exitCode, guestBusyMs, guestIdleMs, ...argv] = words;
  const base = join(rawDir, `${mode}-${phase}-${round}`);
  const report = JSON.parse(await readFile(`${base}.report.json`, 'utf8')) as RunReport;
  const accounted = parseAcctV3(await readFile(`${base}.acct`));
  const trace = summarizeTrace(parseExecTrace(await readFile(`${base}.trace`, 'utf8'), Number(pid)), new Map(accounted.map((process) => [process.pid, process.cpuMs])));
  const reportSteps = summarizeReportSteps(report);
  // The trace must see every LVM command the report names, or its numbers are not the run's.
  for (const [step, kind] of [['lvcreate', 'lvcreate'], ['activate', 'lvchange'], ['lvremove', 'lvremove']] as const) {
    const reported = reportSteps[step]?.count ?? 0;
    const traced = trace.kinds[kind]?.count ?? 0;
    if (reported !== traced) throw new Error(`${mode} ${phase} ${round}: the report has ${reported} ${step} commands, the trace ${traced} ${kind}`);
  }
  return {
    mode: mode as RealLvmMode,
    phase: phase as RealLvmPhase,
    round: Number(round),
    argv,
    wallMs: Number(wallMs),
    exitCode: Number(exitCode),
    reportMs: report.durationMs,
    cpu: { guestBusyMs: Number(guestBusyMs), guestIdleMs: Number(guestIdleMs) },
    summary: report.summary,
    trace,
    reportSteps,
  };
}

const [rawDir, out] = process.argv.slice(2);
if (rawDir === undefined || out === undefined) {
  process.stderr.write('usage: real-lvm-summary RAW_DIR OUT_JSON\n');
  process.exitCode = 2;
} else {
  await writeFile(out, `${JSON.stringify(await summarize(rawDir), null, 1)}\n`);
}
