// SIGKILL the coordinator between any two commands of a run, at every position, then run again: the host converges
// to what an uninterrupted run leaves, no LV is left untracked, none is removed early, and the lock is free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimSite, type SimSite } from './support/sim-site.ts';
import { fakeToolsEnv, installCrashWrappers, spawnCli } from './support/spawn-cli.ts';
import { makeTempDir } from './support/temp-dir.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 3 hours\n';
const CRASH_AT = '2026-12-01T13:00:00Z';
const EXPIRED = new Set(['home-20261201100000', 'data-20261201100000']);

/** Everything the run is responsible for, in a comparable form. */
async function signature(site: SimSite): Promise<string> {
  const lvs = site.sim.control.listLvs().filter((lv) => lv.origin !== '').map((lv) => `${lv.vg}/${lv.name} ${lv.tags.join(',')} ${lv.active}`).sort();
  const mounts = site.sim.control.listMounts().filter((mount) => mount.target.includes('/snapshots/')).map((mount) => `${mount.target}<-${mount.source}`).sort();
  const exports = site.sim.control.listExports().map((entry) => `${entry.client}:${entry.path}`).sort();
  const linkdir = site.paths.linkdir('home');
  const links = await Promise.all((await readdir(linkdir)).sort().map(async (name) => `${name}->${await readlink(join(linkdir, name))}`));
  const dirs = [...(await readdir(site.paths.snapdir('home'))), ...(await readdir(site.paths.snapdir('data')))].sort();
  return JSON.stringify({ lvs, mounts, exports, links, dirs }, null, 1);
}

async function restore(base: string, root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await cp(base, root, { recursive: true });
}

test('SIGKILL between any two commands: the next run converges to the uninterrupted result', { timeout: 900_000 }, async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] },
    { name: 'data', vg: 'vgB', fs: 'xfs' },
    // The spawned runs put their pipelines in worker threads, as on a large host, so a kill lands there too.
  ], rules: RULES, main: 'worker_threads_from = 0' }, { worldDir: true });
  for (const hour of [10, 11, 12]) assert.equal((await site.runAt(new Date(Date.UTC(2026, 11, 1, hour)))).code, 0);
  const counter = makeTempDir('crash');
  const env = await installCrashWrappers(counter, await fakeToolsEnv(site));
  const base = join(makeTempDir('base'), 'site');
  await cp(site.root, base, { recursive: true });
  const resetCounter = () => rm(join(counter, 'count'), { force: true });

  const reference = await spawnCli(site, ['--now', CRASH_AT, 'run'], { ...env, KILL_AFTER: '0' });
  assert.equal(reference.code, 0, reference.stderr);
  const commands = Number(await readFile(join(counter, 'count'), 'utf8'));
  assert.ok(commands >= 12, `the run has ${commands} commands`);
  const expected = await signature(site);

  for (let position = 1; position <= commands; position += 1) {
    await restore(base, site.root);
    await resetCounter();
    const before = site.sim.control.listLvs().map((lv) => lv.name);
    const crashed = await spawnCli(site, ['--now', CRASH_AT, 'run'], { ...env, KILL_AFTER: String(position) });
    assert.equal(crashed.signal, 'SIGKILL', `position ${position}: the CLI was killed (${crashed.stderr})`);
    const after = new Set(site.sim.control.listLvs().map((lv) => lv.name));
    const gone = before.filter((name) => !after.has(name));
    assert.ok(gone.every((name) => EXPIRED.has(name)), `position ${position}: removed early: ${gone}`);

    await resetCounter();
    const again = await spawnCli(site, ['--now', CRASH_AT, 'run'], { ...env, KILL_AFTER: '0' });
    assert.equal(again.code, 0, `position ${position}: the next run (lock free again) ${again.stderr}${again.stdout}`);
    assert.equal(await signature(site), expected, `position ${position}: converged`);
    const state = JSON.parse(await readFile(site.paths.state, 'utf8'));
    const tracked = Object.keys(state.snapshots).sort();
    const tagged = site.sim.control.listLvs().filter((lv) => lv.tags.includes('snapper')).map((lv) => `${lv.vg}/${lv.name}`).sort();
    assert.deepEqual(tracked, tagged, `position ${position}: the journal tracks exactly the tagged LVs`);
  }
  assert.ok(existsSync(site.paths.state));
});

test('two simultaneous runs: exactly one does the work, the other exits 75', { timeout: 120_000 }, async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }, { name: 'data', vg: 'vgA', fs: 'xfs' }], rules: RULES }, { worldDir: true });
  site.sim.control.setLatency('lvs', { startMs: 0, lockedMs: 1500 });
  const env = await fakeToolsEnv(site);
  const [first, second] = await Promise.all([
    spawnCli(site, ['--now', CRASH_AT, 'run'], { ...env }),
    spawnCli(site, ['--now', CRASH_AT, 'run'], { ...env }),
  ]);
  assert.deepEqual([first.code, second.code].sort(), [0, 75], `${first.stderr}\n${second.stderr}`);
  assert.match((first.code === 75 ? first : second).stderr, /another lvmsnapper run holds/);
  const snapshots = site.sim.control.listLvs().filter((lv) => lv.origin !== '').map((lv) => lv.name).sort();
  assert.deepEqual(snapshots, ['data-20261201130000', 'home-20261201130000']);
});
