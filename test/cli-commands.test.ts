// Every command on the simulated host: what it prints, what it changes, its exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../src/config/parse-config.ts';
import { renderSambaShare } from '../src/cli/samba-config.ts';
import { createSimSite, type SimSite } from './support/sim-site.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 3 hours\n\n[expire_nightly]\nmatch = 0 * * *\nexpire_after = 2 days\n';
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 1, hour, minute)).toISOString();

async function site(): Promise<SimSite> {
  return createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] },
    { name: 'data', vg: 'vgB', fs: 'xfs' },
  ], rules: RULES });
}

const snapshotsOf = (current: SimSite) => current.sim.control.listLvs().filter((lv) => lv.origin !== '').map((lv) => lv.name).sort();

test('snapshot: now, for the named volumes only, with --expire-after, even in an hour that already has one', async () => {
  const current = await site();
  assert.equal((await current.cli(['--now', at(10), 'run'])).code, 0);
  const result = await current.cli(['--now', '2026-12-01T10:20:00.700Z', '--json', 'snapshot', 'home', '--expire-after', '1 week']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(snapshotsOf(current), ['data-20261201100000', 'home-20261201100000', 'home-20261201102000']);
  const tags = current.sim.control.listLvs().find((lv) => lv.name === 'home-20261201102000')!.tags;
  assert.deepEqual(tags, ['snapper', 'snapper_exp:20261208T102000Z'], 'a week from the second in its name');
  assert.equal((await current.cli(['--now', at(10, 30), 'snapshot', '--expire-after', 'forever'])).code, 2);
});

test('a run at an instant between seconds (cron, no --now) makes snapshots that later runs manage and expire', async () => {
  const current = await site();
  const created = await current.cli(['--now', '2026-12-01T10:00:00.250Z', '--json', 'run']);
  assert.equal(created.code, 0, created.stderr);
  const home = current.sim.control.listLvs().find((lv) => lv.name === 'home-20261201100000')!;
  assert.deepEqual(home.tags, ['snapper', 'snapper_exp:20261201T130000Z'], 'three hours after the second in its name');
  const listed = JSON.parse((await current.cli(['--now', at(11), '--json', 'list'])).stdout) as { snapshots: Array<{ lv: string; status: string; expires: string }> };
  assert.deepEqual(listed.snapshots.map((snapshot) => [snapshot.lv, snapshot.status, snapshot.expires]), [
    ['home-20261201100000', 'live', '2026-12-01T13:00:00.000Z'],
    ['data-20261201100000', 'live', '2026-12-01T13:00:00.000Z'],
  ]);
  assert.equal((await current.cli(['--now', '2026-12-01T12:59:59.900Z', 'expire'])).code, 0);
  assert.equal(snapshotsOf(current).length, 2, 'not a moment before the expiry its tag carries');
  const expired = await current.cli(['--now', '2026-12-01T13:00:00.250Z', 'expire']);
  assert.equal(expired.code, 0, expired.stderr);
  assert.deepEqual(snapshotsOf(current), []);
});

test('remove: the named snapshot now, through every safety check; expire: only what has expired', async () => {
  const current = await site();
  await current.cli(['--now', at(9), 'run']);
  await current.cli(['--now', at(10), 'run']);
  assert.equal((await current.cli(['--now', at(10, 30), 'remove', 'vgA/home-20261201100000'])).code, 0);
  assert.deepEqual(snapshotsOf(current), ['data-20261201090000', 'data-20261201100000', 'home-20261201090000']);
  assert.ok(!current.sim.control.listMounts().some((mount) => mount.source.includes('home--20261201100000')));
  const expired = await current.cli(['--now', at(12), '--json', 'expire']);
  assert.equal(expired.code, 0);
  assert.deepEqual(snapshotsOf(current), ['data-20261201100000'], 'the 09:00 ones expired at 12:00; nothing was created');
});

test('remove: a bare name that is in two VGs is a usage error that names both; VG/NAME removes the one', async () => {
  const current = await site();
  await mkdir(join(current.root, 'srv/home-b'), { recursive: true });
  current.sim.control.createVolume({ vg: 'vgB', name: 'home', sizeBytes: 1 << 30, fs: 'ext4', mountAt: join(current.root, 'srv/home-b'), pool: 'pool' });
  const config = await readFile(current.paths.config, 'utf8');
  await writeFile(current.paths.config, `${config}\n[homeB]\nvg = vgB\nlv = home\nmount = ${join(current.root, 'srv/home-b')}\nsnapdir = ${join(current.root, 'snapshots/home-b')}\n`);
  assert.equal((await current.cli(['--now', at(10), 'run'])).code, 0);
  const ambiguous = await current.cli(['--now', at(10, 30), 'remove', 'home-20261201100000']);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /home-20261201100000 is in vgA and vgB: name it as VG\/NAME/);
  assert.equal(current.sim.control.listLvs().filter((lv) => lv.name === 'home-20261201100000').length, 2, 'nothing removed');
  assert.equal((await current.cli(['--now', at(10, 30), 'remove', 'vgB/home-20261201100000'])).code, 0);
  assert.deepEqual(current.sim.control.listLvs().filter((lv) => lv.name === 'home-20261201100000').map((lv) => lv.vg), ['vgA']);
});

test('remove whose lvremove failed is finished by the next run, not undone by mount-all or a repair', async () => {
  const current = await site();
  await current.cli(['--now', at(10), 'run']);
  current.sim.control.injectFault({ kind: 'lvremove', effect: { type: 'fail', exitCode: 5, stderr: '  Logical volume vgA/home-20261201100000 in use.\n' } });
  assert.equal((await current.cli(['--now', at(10, 30), 'remove', 'vgA/home-20261201100000'])).code, 1);
  const stateOf = async () => JSON.parse(await readFile(current.paths.state, 'utf8')).snapshots['vgA/home-20261201100000'];
  assert.equal((await stateOf()).phase, 'expiring');
  const mountedHome = () => current.sim.control.listMounts().filter((mount) => mount.source.includes('home--20261201100000')).length;
  assert.equal(mountedHome(), 0);

  const repaired = await current.cli(['--now', at(10, 45), '--json', 'mount-all']);
  assert.equal(repaired.code, 0, repaired.stderr);
  assert.equal(mountedHome(), 0, 'mount-all does not bring back what the administrator asked to remove');
  assert.equal((await stateOf()).phase, 'expiring');

  const next = await current.cli(['--now', at(11), '--json', 'run']);
  assert.equal(next.code, 0, next.stderr);
  const home = (JSON.parse(next.stdout) as { volumes: Array<{ volume: string; actions: Array<{ kind: string; snapshot?: string; reason: string }> }> })
    .volumes.find((volume) => volume.volume === 'home')!;
  assert.match(home.actions.find((action) => action.snapshot === 'home-20261201100000')!.reason, /removal begun by an earlier run/);
  assert.ok(!snapshotsOf(current).includes('home-20261201100000'));
  assert.equal(await stateOf(), undefined);
});

test('only the cron job, run over every volume, writes the metrics file and the last run', async () => {
  const current = await site();
  assert.equal((await current.cli(['--now', at(10), 'run'])).code, 0);
  const metrics = await readFile(current.paths.metrics, 'utf8');
  const lastRun = JSON.parse(await readFile(current.paths.state, 'utf8')).lastRun;
  assert.equal((await current.cli(['--now', at(10, 30), 'snapshot', 'data'])).code, 0);
  assert.equal((await current.cli(['--now', at(10, 40), '--volume', 'home', 'run'])).code, 0);
  assert.equal((await current.cli(['--now', at(10, 50), 'remove', 'vgA/home-20261201100000'])).code, 0);
  assert.equal((await current.cli(['--now', at(10, 55), 'mount-all'])).code, 0);
  assert.equal((await current.cli(['--now', at(10, 56), 'expire'])).code, 0);
  assert.equal(await readFile(current.paths.metrics, 'utf8'), metrics);
  assert.deepEqual(JSON.parse(await readFile(current.paths.state, 'utf8')).lastRun, lastRun);
  assert.equal((await current.cli(['--now', at(11), 'run'])).code, 0);
  assert.notEqual(await readFile(current.paths.metrics, 'utf8'), metrics);
});

test('mount-all: after a reboot every live snapshot is active, mounted, linked and exported again', async () => {
  const current = await site();
  await current.cli(['--now', at(10), 'run']);
  current.sim.control.simulateReboot();
  for (const lv of ['home-20261201100000', 'data-20261201100000']) current.sim.control.deactivate(lv.startsWith('home') ? 'vgA' : 'vgB', lv);
  const result = await current.cli(['--now', at(10, 5), '--json', 'mount-all']);
  assert.equal(result.code, 0, result.stderr);
  const mounts = current.sim.control.listMounts().filter((mount) => mount.target.includes('/snapshots/'));
  assert.equal(mounts.length, 2);
  assert.equal(current.sim.control.listExports().length, 1);
  assert.deepEqual(await readdir(current.paths.linkdir('home')), ['@GMT-2026.12.01-10.00.00']);
  assert.equal(snapshotsOf(current).length, 2, 'mount-all creates nothing');
});

test('list, status, check and samba-config describe without changing anything', async () => {
  const current = await site();
  await current.cli(['--now', at(10), 'run']);
  const before = JSON.stringify([current.sim.control.listLvs(), current.sim.control.listMounts()]);
  const list = JSON.parse((await current.cli(['--now', at(11), '--json', 'list'])).stdout);
  assert.deepEqual(list.snapshots.map((row: { lv: string; mounted: boolean; linked: boolean; status: string }) => [row.lv, row.mounted, row.linked, row.status]),
    [['home-20261201100000', true, true, 'live'], ['data-20261201100000', true, false, 'live']]);
  const status = await current.cli(['--now', at(11, 30), 'status']);
  assert.equal(status.code, 0);
  assert.match(status.stdout, /last run: run at .* exit 0/);
  assert.match(status.stdout, /home\s+1\s+0\s+0\s+0\s+2026-12-01T11:30:00.000Z/, 'the 11:00 hour has no snapshot yet: the next run takes it');
  const taken = await current.cli(['--now', at(10, 30), 'status']);
  assert.match(taken.stdout, /home\s+1\s+0\s+0\s+0\s+2026-12-01T11:00:00.000Z/, 'this hour has its snapshot: the next matching hour');
  assert.match(status.stdout, /pool vgA\/pool: data 10.00%/);
  const check = await current.cli(['check']);
  assert.equal(check.code, 0, check.stdout);
  assert.match(check.stdout, /ok {3}home: vgA\/home is thin in pool pool/);
  const samba = await current.cli(['samba-config', 'home']);
  assert.match(samba.stdout, /\[home\]\n {3}path = .*\/srv\/home\n {3}vfs objects = shadow_copy2\n/);
  assert.match(samba.stdout, /shadow:format = @GMT-%Y\.%m\.%d-%H\.%M\.%S\n {3}shadow:sort = desc\n {3}shadow:localtime = no/);
  assert.doesNotMatch(samba.stdout, /\[data\]/);
  const reserved = renderSambaShare({ ...parseConfig('[Homes]\nvg = vg0\nlv = homes\nmount = /srv/homes\nsnapdir = /snapshots/homes\n', '/etc/x.conf', () => 'UTC').volumes[0]! });
  assert.match(reserved, /^# \[Homes\] is a section smb.conf reserves; this share of the volume is named \[Homes-share\]\n\[Homes-share\]\n {3}path = \/srv\/homes\n/);
  assert.equal(JSON.stringify([current.sim.control.listLvs(), current.sim.control.listMounts()]), before);
});

test('check fails for a missing origin or a non-thin origin, naming the volume', async () => {
  const current = await site();
  current.sim.control.removeLv('vgB', 'data');
  const check = await current.cli(['check']);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /FAIL data: vgB\/data not found/);
});

test('check fails for a thin pool over its limit, as a run would skip its volume (pool_full)', async () => {
  const current = await site();
  current.sim.control.setPoolUsage('vgA', 'pool', { dataPercent: 95 });
  const check = await current.cli(['check']);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /FAIL home: vgA\/home is thin in pool pool at data 95%, metadata \d+(\.\d+)?%, over the limits of 80% and 80%: runs take no snapshot of it \(pool_full\)/);
  assert.match(check.stdout, /ok {3}data: vgB\/data is thin in pool pool/);
});

test('a disabled config changes nothing and says so, exit 0', async () => {
  const current = await site();
  await writeFile(current.paths.config, (await readFile(current.paths.config, 'utf8')).replace('enabled = true', 'enabled = false'));
  const result = await current.cli(['--now', at(10), 'run']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /disabled/);
  assert.deepEqual(snapshotsOf(current), []);
  const json = await current.cli(['--now', at(10), '--json', 'run']);
  assert.equal(json.code, 0);
  const report = JSON.parse(json.stdout) as { command: string; exitCode: number; volumes: unknown[]; notices: string[] };
  assert.deepEqual([report.command, report.exitCode, report.volumes], ['run', 0, []]);
  assert.match(report.notices[0]!, /disabled .* nothing was changed/);
});

test('a hanging command is killed at its deadline and only its volume fails', async () => {
  const current = await site();
  await writeFile(current.paths.config, (await readFile(current.paths.config, 'utf8')).replace('enabled = true', 'enabled = true\nmount_timeout = 1s'));
  current.sim.control.injectFault({ kind: 'mount', argvIncludes: 'home', effect: { type: 'hang' } });
  const { code, report } = await current.runAt(new Date(at(10)));
  assert.equal(code, 1);
  const home = report.volumes.find((volume) => volume.volume === 'home')!;
  assert.equal(home.status, 'failed');
  assert.match(home.actions.find((action) => action.kind === 'create')!.error!, /timed out/);
  assert.equal(report.volumes.find((volume) => volume.volume === 'data')!.status, 'ok');
  current.sim.control.clearFaults();
  const next = await current.runAt(new Date(at(10, 30)));
  assert.equal(next.code, 0);
  assert.ok(next.report.volumes[0]!.actions.some((action) => action.kind === 'repair' && action.status === 'ok'), 'the next run finishes the mount');
});

test('a corrupt state file is kept aside and the state rebuilt from LVM tags', async () => {
  const current = await site();
  await current.cli(['--now', at(10), 'run']);
  await writeFile(current.paths.state, '{"version": 1, "snapshots": [trunc');
  const { code, report } = await current.runAt(new Date(at(11)));
  assert.equal(code, 0);
  assert.match(report.notices.join('\n'), /state file was unusable .* kept as .*state\.json\.corrupt-/);
  const folder = current.paths.state.slice(0, current.paths.state.lastIndexOf('/'));
  assert.equal((await readdir(folder)).filter((name) => name.includes('.corrupt-')).length, 1);
  const state = JSON.parse(await readFile(current.paths.state, 'utf8'));
  assert.deepEqual(Object.keys(state.snapshots).sort(), ['vgA/home-20261201100000', 'vgA/home-20261201110000', 'vgB/data-20261201100000', 'vgB/data-20261201110000']);
});
