// `demo`: a first look on any machine. Builds a simulated file server in a folder, puts the simulator's fake lvm,
// mount, umount, blkid and exportfs first on PATH, and runs this very CLI through a day of cron runs, a reboot and
// an NFS server restart, the same code path as on a real host.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSimHost, installFakeBinaries } from '../sim/index.ts';
import { populateSite, siteConfigText, sitePaths, type SiteSpec } from '../sim/sample-site.ts';
import type { RunReport } from '../report/types.ts';
import type { MainDeps } from '../main.ts';
import type { Output } from './context.ts';

export interface DemoOptions {
  dir?: string;
  json: boolean;
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  main: (argv: string[], deps: MainDeps) => Promise<number>;
}

const START = Date.parse('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;
const RUNS = 13;
const RUN_EVERY_HOURS = 2;

/** Runs the demo; the exit code is the worst of its runs. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const root = resolve(options.dir ?? (await mkdtemp(join(tmpdir(), 'lvmsnapper-demo-'))));
  const worldDir = join(root, 'world');
  const sim = createSimHost({ dir: worldDir, seed: 42 });
  const site: SiteSpec = {
    root,
    volumes: [
      { name: 'home', vg: 'vg0', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24', 'backup.example.org'] },
      { name: 'projects', vg: 'vg0', fs: 'xfs', linkdir: true },
      { name: 'scratch', vg: 'vg1', fs: 'ext4', clients: ['@workstations'] },
      { name: 'archive', vg: 'vg1', fs: 'xfs' },
    ],
    rules: '[expire_hourly]\nmatch = * * * *\nexpire_after = 6 hours\n\n[expire_daily]\nmatch = 0 * * *\nexpire_after = 2 days\n',
  };
  await populateSite(sim.control, site);
  const paths = sitePaths(root);
  await writeFile(paths.config, siteConfigText(site));

  // The CLI below runs the fake tools exactly as it would run the real ones: found first on PATH.
  const binDir = await installFakeBinaries(worldDir);
  process.env.PATH = `${binDir}:${process.env.PATH ?? ''}`;
  const env = { ...options.env, PATH: process.env.PATH, LVMSNAPPER_MOUNTINFO: join(worldDir, 'mountinfo') };
  const say = (text: string) => { if (!options.json) options.stdout.write(`${text}\n`); };
  say(`lvmsnapper demo in ${root}\nconfig: ${paths.config}\nfake tools: ${binDir}\n`);

  let worst = 0;
  const invoke = async (argv: string[]): Promise<{ code: number; text: string }> => {
    let text = '';
    const capture: Output = { write: (chunk) => { text += chunk; }, isTty: false };
    const code = await options.main(['-c', paths.config, ...argv], { stdout: capture, stderr: options.stderr, env });
    worst = Math.max(worst, code);
    return { code, text };
  };
  const cycle = async (label: string, argv: string[]) => {
    const { code, text } = await invoke(['--json', ...argv]);
    const report = JSON.parse(text) as RunReport;
    say(`${label.padEnd(34)} exit ${code}  ${describeRun(report)}`);
  };

  for (let run = 0; run < RUNS; run += 1) {
    const now = new Date(START + run * RUN_EVERY_HOURS * HOUR).toISOString();
    if (run === 6) {
      sim.control.simulateReboot();
      say('-- reboot: mounts and exports gone, snapshots without activation skip come back active');
      await cycle(`mount-all  --now ${now}`, ['--now', now, 'mount-all']);
    }
    if (run === 9) {
      sim.control.unexportAll();
      say('-- NFS server restart: export table empty');
    }
    await cycle(`run        --now ${now}`, ['--now', now, 'run']);
  }
  const last = new Date(START + (RUNS - 1) * RUN_EVERY_HOURS * HOUR).toISOString();
  const list = await invoke(['--now', last, ...(options.json ? ['--json'] : []), 'list']);
  if (options.json) options.stdout.write(list.text);
  else say(`\n${list.text}\nLook around: ${root} (snapshots/, srv/*/.snapshots, world/mountinfo, state/state.json, metrics.prom)`);
  return worst;
}

function describeRun(report: RunReport): string {
  const counts = new Map<string, number>();
  for (const volume of report.volumes) {
    for (const action of volume.actions) {
      if (action.kind === 'keep' || action.kind === 'skip') continue;
      const key = action.status === 'ok' ? action.kind : `${action.kind} ${action.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const parts = [...counts.entries()].map(([key, count]) => `${count} ${key}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}
