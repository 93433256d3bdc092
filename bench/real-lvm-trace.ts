// Reads the kernel's trace of one lvmsnapper run on real LVM (ftrace: sched_process_fork, sched_process_exec and
// sched_process_exit, plus a uprobe on glibc's __libc_start_main that records argv; set up by
// test/vm/guest/scenarios/bench-real.sh) into one record per command the run started, and sums them up per command
// kind. Observing from the kernel costs the run next to nothing (one breakpoint per process start) and sees what
// the run report does not carry: the inventory's lvs and exportfs -v, merged `exportfs -u` calls as the processes
// they really were.
import type { RunReport } from '../src/report/types.ts';
import { classifyCommand } from './measure.ts';

/** One process the run started, times in ms since the CLI process's exec. */
export interface TracedCommand {
  pid: number;
  argv: string[];
  startMs: number;
  endMs: number;
}

export interface TracedRun {
  rootPid: number;
  /** CLI exec to the exit of its main thread, in ms. */
  cliMs: number;
  commands: TracedCommand[];
}

export interface KindTotal {
  count: number;
  /** Summed durations: commands that overlap each count in full. */
  ms: number;
  /** Summed CPU time (user + system), when known. */
  cpuMs?: number;
}

/** How busy LVM kept one VG: commands naming an LV of it. */
export interface VgLoad {
  commands: number;
  /** Time with at least one of them running. */
  busyMs: number;
  maxInFlight: number;
}

export interface TraceSummary {
  cliMs: number;
  /** From the CLI's exec to its first command: node start-up, config, lock, state. */
  firstCommandMs: number;
  /** From the last command's exit to the CLI's exit: report, state, thread pool shutdown. */
  afterLastCommandMs: number;
  /** Per kind: lvs, lvcreate, lvchange, lvremove, mount, umount, blkid, `exportfs -o`, `exportfs -u`, `exportfs -v`. */
  kinds: Record<string, KindTotal>;
  lvmByVg: Record<string, VgLoad>;
  /** CPU of the CLI process itself (main thread and workers), when known. */
  cliCpuMs?: number;
  /** CPU of the processes that ended during the run and were not the run's (udev's helpers, …), when known. */
  otherCpuMs?: number;
}

interface TraceEvent {
  pid: number;
  ms: number;
  name: string;
  fields: string;
}

// "  lvm-277  [001] .....  12.783818: sched_process_exec: filename=/usr/sbin/lvm pid=277 old_pid=277". dotAll: the
// probe prints the strings of the slots past argv's terminating NULL as they are, carriage returns included.
const EVENT_LINE = /^\s*.*?-(\d+)\s+\[\d+\]\s+\S+\s+(\d+\.\d+): (\w+): (.*)$/s;
const BUFFER_LINE = /^# entries-in-buffer\/entries-written: (\d+)\/(\d+)/m;
// A probe's string argument: quoted text, or (fault) for argv's terminating NULL.
const PROBE_ARG = /a(\d+)=(?:"((?:[^"\\]|\\.)*)"|\(fault\))/g;

/** The commands started by the process tree of ROOT_PID; throws when the trace lost events or misses the CLI. */
export function parseExecTrace(text: string, rootPid: number): TracedRun {
  const buffer = BUFFER_LINE.exec(text);
  if (buffer === null) throw new Error('not an ftrace text trace: no entries-in-buffer line');
  if (buffer[1] !== buffer[2]) throw new Error(`the trace buffer overflowed: ${buffer[1]} of ${buffer[2]} events kept`);
  const family = new Set([rootPid]);
  const running = new Map<number, { argv: string[]; startMs: number }>();
  const done: { pid: number; argv: string[]; startMs: number; endMs: number }[] = [];
  let cliStart: number | undefined;
  let cliEnd: number | undefined;
  for (const event of readEvents(text)) {
    const field = (key: string) => Number(new RegExp(`(?:^| )${key}=(\\d+)`).exec(event.fields)?.[1]);
    if (event.name === 'sched_process_fork') {
      if (family.has(field('pid'))) family.add(field('child_pid'));
    } else if (event.name === 'argv') {
      const started = running.get(event.pid);
      const argv = readProbeArgv(event.fields);
      if (started !== undefined && argv.length > 0) started.argv = argv;
    } else if (event.name === 'sched_process_exec') {
      const pid = field('pid');
      // Until the new program's argv is seen (right after exec, in its start-up), its file name stands for it.
      const filename = /^filename=(\S+)/.exec(event.fields)?.[1] ?? '';
      if (pid === rootPid) cliStart = event.ms;
      else if (family.has(pid)) running.set(pid, { argv: [filename.slice(filename.lastIndexOf('/') + 1)], startMs: event.ms });
    } else if (event.name === 'sched_process_exit') {
      const pid = field('pid');
      const started = running.get(pid);
      if (pid === rootPid) cliEnd = event.ms;
      else if (started !== undefined) {
        running.delete(pid);
        done.push({ pid, ...started, endMs: event.ms });
      }
    }
  }
  if (cliStart === undefined || cliEnd === undefined) throw new Error(`the trace has no exec and exit of the CLI process ${rootPid}`);
  if (running.size > 0) throw new Error(`commands still running when the trace ended: pids ${[...running.keys()].join(', ')}`);
  const since = (ms: number) => round(ms - cliStart!);
  return {
    rootPid,
    cliMs: since(cliEnd),
    commands: done.map((command) => ({ pid: command.pid, argv: command.argv, startMs: since(command.startMs), endMs: since(command.endMs) })),
  };
}

/** The kind a command is counted under: the lvm subcommand, the binary, or exportfs with its action. */
export function describeCommandKind(argv: readonly string[]): string {
  const { kind, action } = classifyCommand(argv);
  if (kind === 'exportfs') return `exportfs ${action}`;
  return kind === 'other' ? (argv[0] ?? 'unknown') : kind;
}

/**
 * Totals per kind, the load per VG, and what the CLI spent before its first and after its last command; with the
 * CPU time per pid of the processes that ended during the run (process accounting), the CPU of each too.
 */
export function summarizeTrace(run: TracedRun, cpuByPid?: ReadonlyMap<number, number>): TraceSummary {
  const kinds: Record<string, KindTotal> = {};
  const intervalsByVg = new Map<string, [number, number][]>();
  for (const command of run.commands) {
    const kind = describeCommandKind(command.argv);
    const total = (kinds[kind] ??= cpuByPid ? { count: 0, ms: 0, cpuMs: 0 } : { count: 0, ms: 0 });
    total.count += 1;
    total.ms = round(total.ms + command.endMs - command.startMs);
    if (total.cpuMs !== undefined) total.cpuMs += cpuByPid?.get(command.pid) ?? 0;
    const { vg } = classifyCommand(command.argv);
    if (command.argv[0] === 'lvm' && vg !== undefined) {
      const intervals = intervalsByVg.get(vg) ?? [];
      intervals.push([command.startMs, command.endMs]);
      intervalsByVg.set(vg, intervals);
    }
  }
  const lvmByVg: Record<string, VgLoad> = {};
  for (const [vg, intervals] of intervalsByVg) lvmByVg[vg] = measureLoad(intervals);
  const starts = run.commands.map((command) => command.startMs);
  const ends = run.commands.map((command) => command.endMs);
  return {
    cliMs: run.cliMs,
    firstCommandMs: starts.length > 0 ? Math.min(...starts) : run.cliMs,
    afterLastCommandMs: ends.length > 0 ? round(run.cliMs - Math.max(...ends)) : 0,
    kinds,
    lvmByVg,
    ...(cpuByPid ? measureOtherCpu(run, cpuByPid) : {}),
  };
}

/** The CLI's own CPU, and that of every process started after it that was none of its commands. */
function measureOtherCpu(run: TracedRun, cpuByPid: ReadonlyMap<number, number>): Pick<TraceSummary, 'cliCpuMs' | 'otherCpuMs'> {
  const commands = new Set(run.commands.map((command) => command.pid));
  let otherCpuMs = 0;
  // Pids only grow within a run (no wrap-around in a guest's first minutes), so those below the CLI's started before it.
  for (const [pid, cpuMs] of cpuByPid) if (pid > run.rootPid && !commands.has(pid)) otherCpuMs += cpuMs;
  return { cliCpuMs: cpuByPid.get(run.rootPid) ?? 0, otherCpuMs };
}

/**
 * The run report's steps per step name: a command shared by several volumes (one lvremove for a VG, whose steps
 * name the same batch call) counts once, filesystem steps (mkdir, link, …) each count.
 */
export function summarizeReportSteps(report: Pick<RunReport, 'volumes'>): Record<string, KindTotal> {
  const totals: Record<string, KindTotal> = {};
  const seen = new Set<string>();
  for (const volume of report.volumes) {
    for (const action of volume.actions) {
      for (const step of action.steps) {
        if (step.command !== undefined) {
          const key = step.batch === undefined ? JSON.stringify(step.command) : `batch ${step.batch.call}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        const total = (totals[step.step] ??= { count: 0, ms: 0 });
        total.count += 1;
        total.ms = round(total.ms + step.durationMs);
      }
    }
  }
  return totals;
}

function* readEvents(text: string): Generator<TraceEvent> {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = EVENT_LINE.exec(line);
    if (match === null) continue;
    yield { pid: Number(match[1]), ms: Number(match[2]) * 1000, name: match[3]!, fields: match[4]! };
  }
}

/** a0…aN up to the first (fault): the probe reads a fixed number of slots, argv ends at the first NULL. */
function readProbeArgv(fields: string): string[] {
  const argv: string[] = [];
  for (const match of fields.matchAll(PROBE_ARG)) {
    if (match[2] === undefined || Number(match[1]) !== argv.length) break;
    argv.push(match[2]);
  }
  return argv;
}

function measureLoad(intervals: [number, number][]): VgLoad {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let busyMs = 0;
  let coveredTo = -Infinity;
  for (const [start, end] of sorted) {
    if (end > coveredTo) {
      busyMs += end - Math.max(start, coveredTo);
      coveredTo = end;
    }
  }
  const edges = sorted.flatMap(([start, end]) => [[start, 1], [end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let maxInFlight = 0;
  for (const [, delta] of edges) {
    inFlight += delta;
    maxInFlight = Math.max(maxInFlight, inFlight);
  }
  return { commands: intervals.length, busyMs: round(busyMs), maxInFlight };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
