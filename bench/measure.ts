// What the benchmark records of each command, and the latency floor computed from it.
import type { CommandKind } from '../src/sim/index.ts';
import { durationOf, lockedPartOf, scaleLatency } from './latency-model.ts';
import type { ServedCommand } from './sim-server.ts';

export interface CommandRecord { kind: CommandKind | 'other'; action?: string; vg?: string; items: number; ms: number }

/** What the coordinator's process measures of itself. */
export interface ProcessMeasure {
  wallMs: number;
  /** CPU of the whole coordinator process (main thread and workers). */
  cpuMs: number;
  /** CPU of one round trip to the simulated host over its socket (standing in for a process start). */
  boundaryCpuMs: number;
  peakRssMb: number;
  exitCode: number;
  /**
   * Times a thread of the process went to sleep and was woken again (getrusage ru_nvcsw): the main thread waiting
   * for the next event, libuv's threads for the next file operation.
   */
  wakeUps: number;
}

export interface RunMeasure extends ProcessMeasure {
  /** cpuMs without the round trips, per volume: what lvmsnapper itself spends. */
  ownCpuMsPerVolume: number;
  wakeUpsPerVolume: number;
  /** How many processes were started, per command kind. */
  commands: Record<string, number>;
  /** Time spent in lvm commands, per kind. */
  lvmMsByKind: Record<string, number>;
  floorMs: number;
  ratio: number;
  /** Threads of the coordinator's process that ran commands: 1 when the run stayed in the coordinator's thread. */
  commandThreads?: number;
}

/** The whole measure of a run: the process's own, and what the simulated host served it. */
export function summarizeRun(measure: ProcessMeasure, served: readonly ServedCommand[], volumes: number, scale: number, phase: 'create' | 'expire' | 'plan'): RunMeasure {
  const log: CommandRecord[] = served.map((command) => ({ ...classifyCommand(command.argv), ms: command.durationMs }));
  const commands: Record<string, number> = {};
  const lvmMsByKind: Record<string, number> = {};
  for (const record of log) {
    const key = record.kind === 'exportfs' ? `exportfs ${record.action}` : record.kind;
    commands[key] = (commands[key] ?? 0) + 1;
    if (record.vg !== undefined || record.kind === 'lvs') lvmMsByKind[record.kind] = (lvmMsByKind[record.kind] ?? 0) + record.ms;
  }
  const ownCpuMs = Math.max(0, measure.cpuMs - log.length * measure.boundaryCpuMs);
  const floorMs = phase === 'plan' ? 0 : computeFloor(log, scale, phase);
  return { ...measure, ownCpuMsPerVolume: ownCpuMs / volumes, wakeUpsPerVolume: measure.wakeUps / volumes, commands, lvmMsByKind, floorMs, ratio: floorMs > 0 ? measure.wallMs / floorMs : 0 };
}

/** CPU and wall time per round of `action`, run `rounds` times one after another in this process. */
export async function measurePerRound(rounds: number, action: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) await action();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / rounds, wallMs: (performance.now() - started) / rounds };
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('no values to take the median of');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Kind, VG and number of LVs or export targets of a command line. */
export function classifyCommand(argv: readonly string[]): Omit<CommandRecord, 'ms'> {
  const binary = argv[0] ?? '';
  if (binary === 'exportfs') {
    const action = argv[1] ?? '';
    return { kind: 'exportfs', action, items: Math.max(1, argv.slice(action === '-o' ? 3 : 2).length) };
  }
  if (binary !== 'lvm') return { kind: (['mount', 'umount', 'blkid'].includes(binary) ? binary : 'other') as CommandKind, items: 1 };
  const targets = argv.slice(2).filter((arg) => /^[^-][^/]*\/[^/]+$/.test(arg));
  const kind = (['lvs', 'lvcreate', 'lvchange', 'lvremove'].includes(argv[1] ?? '') ? argv[1] : 'other') as CommandKind;
  return { kind, ...(targets[0] ? { vg: targets[0].split('/')[0] } : {}), items: Math.max(1, targets.length) };
}

/**
 * The latency floor of a run, from the model: the inventory; per VG, LVM's lock serializes the locked part of
 * every lvcreate (create) or the one batched lvremove (expire); the export table's lock serializes every exportfs
 * that changes it, at least one per new snapshot (each has its own fsid) and one for all the unexports. Process
 * start and everything that needs no lock overlap freely (they are bounded by CPU, which the modelled latencies
 * already include as process start).
 */
export function computeFloor(log: readonly CommandRecord[], scale: number, phase: 'create' | 'expire'): number {
  const model = scaleLatency(scale);
  const inventory = Math.max(durationOf(model.lvs), durationOf(model.exportfs));
  const perVg = new Map<string, number>();
  for (const record of log) {
    if (record.vg === undefined) continue;
    if ((phase === 'create' && record.kind === 'lvcreate') || (phase === 'expire' && record.kind === 'lvremove')) {
      perVg.set(record.vg, (perVg.get(record.vg) ?? 0) + record.items);
    }
  }
  if (phase === 'create') {
    const tail = durationOf(model.blkid) + durationOf(model.mount) + durationOf(model.exportfs);
    const lvm = Math.max(0, ...[...perVg.values()].map((creates) => model.lvcreate.startMs + creates * lockedPartOf(model.lvcreate) + tail));
    const exportCalls = log.filter((record) => record.kind === 'exportfs' && record.action === '-o');
    const head = durationOf(model.lvcreate) + durationOf(model.blkid) + durationOf(model.mount) + model.exportfs.startMs;
    const exports = exportCalls.length === 0 ? 0 : head + exportCalls.reduce((sum, record) => sum + lockedPartOf(model.exportfs, record.items), 0);
    return inventory + Math.max(lvm, exports);
  }
  const unexportTargets = log.filter((record) => record.kind === 'exportfs' && record.action === '-u').reduce((sum, record) => sum + record.items, 0);
  const unexport = unexportTargets > 0 ? durationOf(model.exportfs, unexportTargets) : 0;
  const removal = Math.max(0, ...[...perVg.values()].map((items) => durationOf(model.lvremove, items)));
  return inventory + unexport + durationOf(model.umount) + removal;
}

/** One measure whose every figure is the median of the runs' (the commands are the first run's). */
export function medianMeasure(runs: readonly RunMeasure[]): RunMeasure {
  const of = (pick: (run: RunMeasure) => number) => median(runs.map(pick));
  return {
    ...runs[0]!,
    wallMs: of((run) => run.wallMs), cpuMs: of((run) => run.cpuMs), boundaryCpuMs: of((run) => run.boundaryCpuMs),
    peakRssMb: of((run) => run.peakRssMb), wakeUps: of((run) => run.wakeUps), ownCpuMsPerVolume: of((run) => run.ownCpuMsPerVolume),
    wakeUpsPerVolume: of((run) => run.wakeUpsPerVolume), floorMs: of((run) => run.floorMs), ratio: of((run) => run.ratio),
  };
}
