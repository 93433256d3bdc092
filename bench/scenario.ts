// One benchmark scenario in a process of its own (so peak RSS and CPU are its own): a simulated site of N volumes
// over V VGs with the measured latency model, a create run, then an expire run (or a `plan`), through the real CLI
// entry and the Piscina pool. Prints one JSON line.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.ts';
import type { CommandRequest, CommandResult, CommandRunner } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import type { CommandKind, SnapshotSpec } from '../src/sim/index.ts';
import { siteConfigText, type SiteSpec } from '../src/sim/sample-site.ts';
import { durationOf, lockedPartOf, scaleLatency } from './latency-model.ts';
import type { ServerRequest } from './sim-server.ts';

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
}

interface CommandRecord { kind: CommandKind | 'other'; action?: string; vg?: string; items: number; ms: number }

export interface RunMeasure {
  wallMs: number;
  cpuMs: number;
  coordinatorCpuMsPerVolume: number;
  peakRssMb: number;
  rssBeforeMb: number;
  exitCode: number;
  commands: Record<string, number>;
  lvmMsByKind: Record<string, number>;
  floorMs: number;
  ratio: number;
}

const RULES = '[expire_midnight]\nmatch = 0 * * *\nexpire_after = 1 hour\n';
const CREATE_AT = '2026-12-01T00:00:00Z';
const EXPIRE_AT = '2026-12-01T01:00:00Z';

function classify(argv: readonly string[]): Omit<CommandRecord, 'ms'> {
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

/** The simulated host in its own process, behind the Host interface; every command is recorded. */
async function startSimServer(site: SiteSpec, latencyScale: number, snapshots: SnapshotSpec[]): Promise<{ host: Host; log: CommandRecord[]; stop(): void }> {
  const server: ChildProcess = fork(new URL('./sim-server.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const ready = new Promise<void>((resolve) => {
    server.on('message', (message: { type: string; id: number; result: unknown }) => {
      if (message.type === 'ready') resolve();
      else { pending.get(message.id)?.(message.result); pending.delete(message.id); }
    });
  });
  const ask = <T>(request: { type: 'run'; request: CommandRequest } | { type: 'mountinfo' }): Promise<T> => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve as (value: unknown) => void);
    server.send({ ...request, id });
  });
  server.send({ type: 'setup', site, latencyScale, snapshots } satisfies ServerRequest);
  await ready;
  const log: CommandRecord[] = [];
  const runner: CommandRunner = {
    async run(request) {
      const result = await ask<CommandResult>({ type: 'run', request: { argv: [...request.argv], timeoutMs: request.timeoutMs } });
      log.push({ ...classify(request.argv), ms: result.durationMs });
      return result;
    },
  };
  return {
    host: { runner, readMountinfo: () => ask<string>({ type: 'mountinfo' }), workerHost: { kind: 'remote' } },
    log,
    stop: () => server.kill(),
  };
}

/**
 * The latency floor of a run, from the model: the inventory; per VG, LVM's lock serializes the locked part of
 * every lvcreate (create) or the one batched lvremove (expire); the export table's lock serializes every exportfs
 * that changes it, at least one per new snapshot (each has its own fsid) and one for all the unexports. Process
 * start and everything that needs no lock overlap freely.
 */
export function computeFloor(log: CommandRecord[], scale: number, phase: 'create' | 'expire'): number {
  const model = scaleLatency(scale);
  const inventory = Math.max(durationOf(model.lvs), durationOf(model.exportfs));
  const perVg = new Map<string, number>();
  for (const record of log) {
    if (record.vg === undefined) continue;
    if ((phase === 'create' && record.kind === 'lvcreate') || (phase === 'expire' && record.kind === 'lvremove')) {
      perVg.set(record.vg, (perVg.get(record.vg) ?? 0) + record.items);
    }
  }
  const exportCalls = log.filter((record) => record.kind === 'exportfs' && record.action === '-o');
  const unexportTargets = log.filter((record) => record.kind === 'exportfs' && record.action === '-u').reduce((sum, record) => sum + record.items, 0);
  if (phase === 'create') {
    const tail = durationOf(model.blkid) + durationOf(model.mount) + durationOf(model.exportfs);
    const lvm = Math.max(0, ...[...perVg.values()].map((creates) => model.lvcreate.startMs + creates * lockedPartOf(model.lvcreate) + tail));
    const head = durationOf(model.lvcreate) + durationOf(model.blkid) + durationOf(model.mount) + model.exportfs.startMs;
    const exports = head + exportCalls.reduce((sum, record) => sum + lockedPartOf(model.exportfs, record.items), 0);
    return inventory + Math.max(lvm, exports);
  }
  const unexport = unexportTargets > 0 ? durationOf(model.exportfs, unexportTargets) : 0;
  const removal = Math.max(0, ...[...perVg.values()].map((items) => durationOf(model.lvremove, items)));
  return inventory + unexport + durationOf(model.umount) + removal;
}

function buildSite(root: string, args: ScenarioArgs): SiteSpec {
  const volumes = Array.from({ length: args.volumes }, (_, index) => ({
    name: `vol${String(index).padStart(5, '0')}`,
    vg: `vg${String(index % args.vgs).padStart(2, '0')}`,
    fs: 'ext4' as const,
    linkdir: true,
    clients: ['10.1.1.0/24'],
  }));
  return { root, volumes, rules: RULES, main: `concurrency = ${args.concurrency}` };
}

async function measureRun(
  host: Host, log: CommandRecord[], configPath: string, argv: string[], args: ScenarioArgs, phase: 'create' | 'expire' | 'plan',
): Promise<RunMeasure> {
  log.length = 0;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const exitCode = await main(['-c', configPath, ...argv], {
    stdout: { write: () => {}, isTty: false }, stderr: { write: (text) => process.stderr.write(text), isTty: false }, env: {}, host,
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const commands: Record<string, number> = {};
  const lvmMsByKind: Record<string, number> = {};
  for (const record of log) {
    const key = record.kind === 'exportfs' ? `exportfs ${record.action}` : record.kind;
    commands[key] = (commands[key] ?? 0) + 1;
    if (record.vg !== undefined || record.kind === 'lvs') lvmMsByKind[record.kind] = (lvmMsByKind[record.kind] ?? 0) + record.ms;
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const floorMs = phase === 'plan' ? 0 : computeFloor(log, args.latencyScale, phase);
  return {
    wallMs, cpuMs, coordinatorCpuMsPerVolume: cpuMs / args.volumes, peakRssMb: peak / 2 ** 20, rssBeforeMb: rssBefore / 2 ** 20,
    exitCode, commands, lvmMsByKind, floorMs, ratio: floorMs > 0 ? wallMs / floorMs : 0,
  };
}

/** Snapshots that already exist before a `plan`: one per hour of the night before, the oldest just expired. */
function existingSnapshots(site: SiteSpec, perVolume: number): SnapshotSpec[] {
  return site.volumes.flatMap((volume) => Array.from({ length: perVolume }, (_, index) => {
    const hour = String(index).padStart(2, '0');
    return { vg: volume.vg, name: `${volume.name}-20261130${hour}0000`, origin: volume.name, tags: ['snapper', `snapper_exp:20261201T${hour}0000Z`] };
  }));
}

async function runScenario(args: ScenarioArgs): Promise<Record<string, unknown>> {
  const root = await mkdtemp(join(tmpdir(), 'lvmsnapper-bench-'));
  const site = buildSite(root, args);
  const configPath = join(root, 'lvmsnapper.conf');
  await writeFile(configPath, siteConfigText(site));
  const server = await startSimServer(site, args.latencyScale, args.kind === 'plan' ? existingSnapshots(site, args.existingSnapshots ?? 0) : []);
  try {
    if (args.kind === 'plan') {
      return { args, plan: await measureRun(server.host, server.log, configPath, ['--now', CREATE_AT, 'plan'], args, 'plan') };
    }
    const modeArgs = args.mode === 'sequential' ? ['--concurrency', '1', '--lvremove-per-snapshot'] : [];
    const create = await measureRun(server.host, server.log, configPath, [...modeArgs, '--now', CREATE_AT, 'run'], args, 'create');
    const expire = await measureRun(server.host, server.log, configPath, [...modeArgs, '--now', EXPIRE_AT, 'run'], args, 'expire');
    return { args, create, expire };
  } finally {
    server.stop();
  }
}

const args = JSON.parse(process.argv[2] ?? '{}') as ScenarioArgs;
process.stdout.write(`${JSON.stringify(await runScenario(args))}\n`);
