// The real-world conditions of SPEC §7, each on the simulated host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { acquireRunLock } from '../src/coordinator/lock.ts';
import { createSimSite } from './support/sim-site.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 3 hours\n';
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 1, hour, minute));

test('snapshot filesystem UUIDs are never changed: XFS gets nouuid,norecovery, every export its own fsid', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', clients: ['10.1.1.0/24'] },
    { name: 'data', vg: 'vgA', fs: 'xfs', clients: ['10.1.1.0/24'] },
  ], rules: RULES });
  await site.runAt(at(10));
  const { code, report } = await site.runAt(at(11));
  assert.equal(code, 0);
  const commands = report.volumes.flatMap((volume) => volume.actions.flatMap((action) => action.steps.map((step) => step.command?.[0])));
  assert.ok(!commands.includes('tune2fs') && !commands.includes('xfs_admin'));
  const lvs = site.sim.control.listLvs();
  const origin = lvs.find((lv) => lv.name === 'data')!;
  assert.ok(lvs.filter((lv) => lv.origin === 'data').every((lv) => lv.fsUuid === origin.fsUuid), 'snapshots keep the origin UUID');
  const xfsMounts = site.sim.control.listMounts().filter((mount) => mount.source.includes('data--'));
  assert.equal(xfsMounts.length, 2);
  for (const mount of xfsMounts) for (const option of ['ro', 'nouuid', 'norecovery']) assert.ok([...mount.mountOptions, ...mount.superOptions].includes(option), `${option} in ${mount.mountOptions}`);
  const fsids = site.sim.control.listExports().map((entry) => entry.options.find((option) => option.startsWith('fsid='))!);
  assert.equal(fsids.length, 4);
  assert.equal(new Set(fsids).size, 4, 'four snapshots, four fsids');
});

test('a new snapshot takes its filesystem type from the mounted origin; blkid probes it only when the origin is not mounted', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'data', vg: 'vgA', fs: 'xfs' },
    { name: 'archive', vg: 'vgA', fs: 'xfs' },
  ], rules: RULES });
  site.sim.control.unmount(site.paths.origin('archive'));
  const { code, report } = await site.runAt(at(10));
  assert.equal(code, 0);
  const steps = (volume: string) => report.volumes.find((entry) => entry.volume === volume)!.actions.flatMap((action) => action.steps.map((step) => step.step));
  assert.deepEqual(steps('data'), ['lvcreate', 'mount']);
  assert.deepEqual(steps('archive'), ['lvcreate', 'blkid', 'mount']);
  const mounts = site.sim.control.listMounts().filter((mount) => /(data|archive)--/.test(mount.source));
  assert.equal(mounts.length, 2);
  for (const mount of mounts) assert.ok(['nouuid', 'norecovery'].every((option) => mount.mountOptions.includes(option) || mount.superOptions.includes(option)), `${mount.source}: ${mount.mountOptions}`);
});

test('no NFS, no linkdir, no mountoptions: valid; nfsexports without nfsoptions exports ro,no_subtree_check', async () => {
  const site = await createSimSite({ volumes: [{ name: 'plain', vg: 'vgA', fs: 'ext4' }, { name: 'shared', vg: 'vgB', fs: 'ext4', clients: ['192.168.7.7'] }], rules: RULES });
  const { code } = await site.runAt(at(10));
  assert.equal(code, 0);
  const exported = site.sim.control.listExports();
  assert.equal(exported.length, 1);
  assert.ok(exported[0]!.options.includes('ro') && exported[0]!.options.includes('no_subtree_check'));
  assert.ok(site.sim.control.listMounts().some((mount) => mount.source.includes('plain--') && mount.mountOptions.includes('ro')));
});

test('a reset export table is repaired by the next run, and expiring an unexported snapshot is fine', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', clients: ['10.1.1.0/24', '192.168.7.7'] }], rules: RULES });
  await site.runAt(at(10));
  site.sim.control.unexportAll();
  const repaired = await site.runAt(at(11));
  assert.equal(repaired.code, 0);
  const actions = repaired.report.volumes[0]!.actions;
  assert.ok(actions.some((action) => action.kind === 'repair' && /not exported to 10.1.1.0\/24 192.168.7.7/.test(action.reason)));
  assert.equal(site.sim.control.listExports().length, 4, 'both snapshots exported to both clients');
  // The export of the 10:00 snapshot vanishes between inventory and teardown: `exportfs -u` says "Could not find".
  site.sim.control.injectFault({ kind: 'exportfs', argvIncludes: '-u', effect: { type: 'fail', exitCode: 1, stderr: "exportfs: Could not find '10.1.1.0/24:/x' to unexport.\n" } });
  const expired = await site.runAt(at(13));
  assert.equal(expired.code, 0, JSON.stringify(expired.report.volumes));
  assert.ok(!site.sim.control.listLvs().some((lv) => lv.name === 'home-20261201100000'));
});

test('mount makes the mount folder; a missing linkdir is made by the link of its volume\'s first snapshot', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true }], rules: RULES });
  const linkdir = site.paths.linkdir('home');
  await rm(site.paths.snapdir('home'), { recursive: true, force: true });
  await assert.rejects(readdir(linkdir), { code: 'ENOENT' });
  const first = await site.runAt(at(10));
  assert.equal(first.code, 0);
  const steps = first.report.volumes[0]!.actions.flatMap((action) => action.steps);
  assert.deepEqual(steps.map((step) => step.step), ['lvcreate', 'mount', 'link']);
  assert.ok(steps[1]!.command!.at(-3)!.split(',').includes('X-mount.mkdir'), steps[1]!.command!.join(' '));
  assert.deepEqual(await readdir(site.paths.snapdir('home')), ['@GMT-2026.12.01-10.00.00']);
  assert.deepEqual(await readdir(linkdir), ['@GMT-2026.12.01-10.00.00']);
});

test('a mount folder that cannot be made fails its snapshot with the reason, which mount does not give', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }, { name: 'data', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  // The snapdir's place is taken by a file: no folder can be made under it.
  await mkdir(dirname(site.paths.snapdir('home')), { recursive: true });
  await writeFile(site.paths.snapdir('home'), 'not a folder\n');
  const { code, report } = await site.runAt(at(10));
  assert.equal(code, 1);
  const home = report.volumes.find((volume) => volume.volume === 'home')!;
  const steps = home.actions.flatMap((action) => action.steps);
  assert.deepEqual(steps.map((step) => `${step.step} ${step.status}`), ['lvcreate ok', 'mount failed', 'mkdir failed']);
  assert.match(steps[1]!.error!, /operation permitted for root only/);
  assert.match(steps[2]!.error!, new RegExp(`ENOTDIR: not a directory, mkdir '${site.paths.snapdir('home')}/@GMT-2026.12.01-10.00.00'`));
  assert.equal(home.actions[0]!.error, steps[2]!.error, 'the report\'s line for the action gives the reason');
  assert.equal(report.volumes.find((volume) => volume.volume === 'data')!.status, 'ok', 'the other volume is not held up');
  // Once the file is gone, the next run mounts the snapshot left unmounted.
  await rm(site.paths.snapdir('home'));
  const repaired = await site.runAt(at(10, 30));
  assert.equal(repaired.code, 0);
  assert.ok(site.sim.control.listMounts().some((mount) => mount.target === `${site.paths.snapdir('home')}/@GMT-2026.12.01-10.00.00`));
});

/** A site with the 10:00 snapshot removed by hand and the 11:00 one unmounted by hand. */
async function siteChangedByHand() {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true }], rules: RULES });
  await site.runAt(at(10));
  await site.runAt(at(11));
  site.sim.control.removeLv('vgA', 'home-20261201100000');
  site.sim.control.unmount(`${site.paths.snapdir('home')}/@GMT-2026.12.01-11.00.00`);
  return site;
}

test('a snapshot removed by hand is noticed and dropped, said once; one unmounted by hand is repaired once', async () => {
  const site = await siteChangedByHand();
  const noticed = await site.runAt(at(12));
  assert.equal(noticed.code, 0);
  const kinds = noticed.report.volumes[0]!.actions.map((action) => `${action.kind}:${action.snapshot}`);
  assert.ok(kinds.includes('forget:home-20261201100000'));
  assert.ok(kinds.includes('repair:home-20261201110000'));
  assert.match(noticed.report.volumes[0]!.actions.find((action) => action.kind === 'forget')!.reason, /removed outside lvmsnapper/);
  const state = JSON.parse(await readFile(site.paths.state, 'utf8'));
  assert.equal(state.snapshots['vgA/home-20261201100000'], undefined);
  const quiet = await site.runAt(at(12, 30));
  assert.deepEqual(quiet.report.volumes[0]!.actions.map((action) => action.kind).sort(), ['keep', 'keep', 'skip'], 'nothing is said a second time');
});

test('under cron, a snapshot removed or unmounted by hand is said once in the mail, then nothing', async () => {
  const site = await siteChangedByHand();
  const noticed = await site.cli(['--now', at(11, 30).toISOString(), 'run']);
  assert.equal(noticed.code, 0);
  assert.match(noticed.stdout, /^home +forget +ok +home-20261201100000 +the LV was removed outside lvmsnapper$/m);
  assert.match(noticed.stdout, /^home +repair +ok +home-20261201110000 +not mounted/m);
  const quiet = await site.cli(['--now', at(11, 45).toISOString(), 'run']);
  assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', '']);
  site.sim.control.unmount(`${site.paths.snapdir('home')}/@GMT-2026.12.01-11.00.00`);
  const afterReboot = await site.cli(['--now', at(11, 50).toISOString(), 'mount-all']);
  assert.deepEqual([afterReboot.code, afterReboot.stdout, afterReboot.stderr], [0, '', ''], "mount-all's repairs are its job, not news");
});

test('a run that overlaps a running one exits 75 before touching anything', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  const lock = await acquireRunLock(site.paths.lock);
  try {
    const result = await site.cli(['--now', at(10).toISOString(), 'run']);
    assert.equal(result.code, 75);
    assert.match(result.stderr, /another lvmsnapper run holds/);
    assert.equal(site.sim.control.listLvs().filter((lv) => lv.origin !== '').length, 0);
  } finally {
    await lock.release();
  }
  assert.equal((await site.cli(['--now', at(10).toISOString(), 'run'])).code, 0, 'free again once released');
});

test("lvm's warnings go into the report and not into cron output", async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  site.sim.control.createVolume({ vg: 'vgA', name: 'huge', sizeBytes: 64 * 1024 ** 3, pool: 'pool' }); // over-provisions the pool
  const quiet = await site.cli(['--now', at(10).toISOString(), 'run']);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stdout, '', 'a good run prints nothing under cron');
  assert.equal(quiet.stderr, '');
  const { report } = await site.runAt(at(11));
  const lvcreate = report.volumes[0]!.actions.find((action) => action.kind === 'create')!.steps.find((step) => step.step === 'lvcreate')!;
  assert.ok(lvcreate.warnings?.some((line) => /thin pool/.test(line)), JSON.stringify(lvcreate));
});

test('a run that could not create or clean up exits 1 and says what failed', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  site.sim.control.injectFault({ kind: 'lvcreate', effect: { type: 'fail', exitCode: 5, stderr: '  Cannot create new thin volume, free space in thin pool vgA/pool reached threshold.\n' } });
  const failed = await site.cli(['--now', at(10).toISOString(), 'run']);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /home\s+create\s+failed[\s\S]*reached threshold/);
  await site.runAt(at(11));
  site.sim.control.injectFault({ kind: 'umount', effect: { type: 'fail', exitCode: 32, stderr: 'umount: /x: target is busy.\n' } });
  const busy = await site.runAt(at(14));
  assert.equal(busy.code, 1);
  assert.ok(site.sim.control.listLvs().some((lv) => lv.name === 'home-20261201110000'), 'not removed while still mounted');
});

test('--config and lvm_tag are honoured: another tag marks and limits what is ours', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES, lvmTag: 'nightly.snaps' });
  site.sim.control.createSnapshot({ vg: 'vgA', name: 'home-20261201050000', origin: 'home', tags: ['snapper', 'snapper_exp:20261201060000Z'] });
  await site.runAt(at(10));
  const lvs = site.sim.control.listLvs();
  assert.deepEqual(lvs.find((lv) => lv.name === 'home-20261201100000')!.tags, ['nightly.snaps', 'nightly.snaps_exp:20261201T130000Z']);
  await site.runAt(at(14));
  assert.ok(site.sim.control.listLvs().some((lv) => lv.name === 'home-20261201050000'), "another tag's snapshot is not ours");
  await rm(site.paths.config);
  assert.equal((await site.cli(['run'])).code, 2, 'the given --config is the one read');
});

test('a VG\'s expired snapshots go in one lvremove; each snapshot\'s step names its own LV and that shared call', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4' }, { name: 'data', vg: 'vgA', fs: 'ext4' }, { name: 'proj', vg: 'vgA', fs: 'xfs' },
    { name: 'arch', vg: 'vgB', fs: 'ext4' },
  ], rules: RULES });
  await site.runAt(at(10));
  const { code, report } = await site.runAt(at(13, 30));
  assert.equal(code, 0);
  const removals = report.volumes.flatMap((volume) => volume.actions.filter((action) => action.kind === 'expire')
    .map((action) => ({ vg: volume.vg, snapshot: action.snapshot, step: action.steps.find((step) => step.step === 'lvremove')! })));
  assert.equal(removals.length, 4);
  for (const { vg, snapshot, step } of removals) assert.deepEqual(step.command, ['lvm', 'lvremove', '-y', `${vg}/${snapshot}`]);
  const vgA = removals.filter((removal) => removal.vg === 'vgA').map((removal) => removal.step.batch);
  assert.deepEqual(vgA, [vgA[0], vgA[0], vgA[0]]);
  assert.equal(vgA[0]?.size, 3);
  assert.equal(removals.find((removal) => removal.vg === 'vgB')!.step.batch, undefined, 'a lone snapshot\'s lvremove is its own');
  assert.deepEqual(site.sim.control.listLvs().map((lv) => lv.name).filter((name) => name.includes('-2026')).sort(),
    ['arch-20261201133000', 'data-20261201133000', 'home-20261201133000', 'proj-20261201133000']);
});

test('a VG\'s expiring snapshots are unmounted by one umount; a busy folder keeps its LV, the others go', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', clients: ['10.1.1.0/24'] }, { name: 'data', vg: 'vgA', fs: 'ext4' }, { name: 'proj', vg: 'vgA', fs: 'xfs' },
  ], rules: RULES });
  await site.runAt(at(10));
  // Someone mounted something below data's snapshot folder: umount says "target is busy" for that one alone.
  const busy = join(site.paths.snapdir('data'), '@GMT-2026.12.01-10.00.00');
  await mkdir(join(busy, 'inner'), { recursive: true });
  site.sim.control.mount('vgA', 'home', join(busy, 'inner'));
  const { code, report } = await site.runAt(at(13, 30));
  assert.equal(code, 1);
  const expiry = (volume: string) => report.volumes.find((entry) => entry.volume === volume)!.actions.find((action) => action.kind === 'expire')!;
  const umounts = ['home', 'data', 'proj'].map((volume) => expiry(volume).steps.find((step) => step.step === 'umount')!);
  assert.deepEqual(umounts.map((step) => step.batch), [umounts[0]!.batch, umounts[0]!.batch, umounts[0]!.batch]);
  assert.equal(umounts[0]!.batch?.size, 3, 'one umount carried all three folders');
  assert.deepEqual(umounts.map((step) => step.status), ['ok', 'failed', 'ok']);
  assert.match(umounts[1]!.error!, /target is busy/);
  assert.deepEqual(expiry('data').steps.map((step) => step.step), ['umount'], 'no rmdir and no lvremove after a failed umount');
  assert.deepEqual(expiry('home').steps.map((step) => `${step.step} ${step.status}`), ['unexport ok', 'umount ok', 'rmdir ok', 'lvremove ok']);
  const left = site.sim.control.listLvs().map((lv) => lv.name).filter((name) => name.endsWith('100000'));
  assert.deepEqual(left, ['data-20261201100000']);
  // Once the folder is free, the next run finishes it (`inner` stands for a folder of the snapshot's filesystem, which
  // the simulated mount leaves on the disk below).
  site.sim.control.unmount(join(busy, 'inner'));
  await rm(join(busy, 'inner'), { recursive: true });
  const after = await site.runAt(at(14));
  assert.equal(after.code, 0, JSON.stringify(after.report.volumes.flatMap((volume) => volume.actions.filter((action) => action.status !== 'ok'))));
  assert.ok(!site.sim.control.listLvs().some((lv) => lv.name === 'data-20261201100000'));
});

test('editing a section keeps its snapshots: renamed, pointed at another LV, or given another snapdir', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] },
    { name: 'spare', vg: 'vgA', fs: 'ext4' },
  ], rules: RULES });
  await site.runAt(at(10));
  await site.runAt(at(11));
  const edit = async (change: (text: string) => string) => writeFile(site.paths.config, change(await readFile(site.paths.config, 'utf8')));
  const mountedOf = (origin: string) => site.sim.control.listMounts().filter((mount) => mount.source.includes(`${origin}--`)).length;

  await edit((text) => text.replace('[home]', '[homes]'));
  const renamed = await site.runAt(at(12));
  assert.equal(renamed.code, 0, JSON.stringify(renamed.report.volumes));
  assert.deepEqual(renamed.report.volumes.map((volume) => volume.volume).sort(), ['homes', 'spare']);
  const state = JSON.parse(await readFile(site.paths.state, 'utf8'));
  assert.deepEqual([...new Set(Object.values(state.snapshots).map((entry) => (entry as { volume: string }).volume))].sort(), ['homes', 'spare']);

  // [homes] now snapshots the LV that [spare] did, and [spare] is gone: home's snapshots stay mounted and exported
  // until they expire; spare's carry on under [homes], exported now to its clients as any live snapshot of it is.
  await edit((text) => text.replace(/\[spare\][^[]*/, '').replace(/(\[homes\][^[]*?)lv = home/, '$1lv = spare'));
  const repointed = await site.runAt(at(12, 30));
  assert.equal(repointed.code, 0, JSON.stringify(repointed.report.volumes));
  assert.ok(!repointed.report.volumes.some((volume) => volume.actions.some((action) => action.kind === 'forget')));
  assert.equal(mountedOf('home'), 3);
  assert.equal(site.sim.control.listExports().filter((entry) => entry.path.includes('/snapshots/home/')).length, 3);
  assert.deepEqual(repointed.report.volumes.find((volume) => volume.volume === 'homes')!.actions.map((action) => action.kind).sort(), ['repair', 'repair', 'repair', 'skip']);
  assert.deepEqual(repointed.report.volumes.find((volume) => volume.volume === 'homes (vgA/home)')!.actions.map((action) => action.kind), ['keep', 'keep', 'keep']);

  // A new snapdir takes the new snapshots; the older ones stay where they were made (spare's own snapdir) and are
  // unmounted and removed from there when they expire.
  await edit((text) => text.replace(`snapdir = ${site.paths.snapdir('home')}`, `snapdir = ${site.paths.snapdir('home')}-new`));
  const moved = await site.runAt(at(13, 30));
  assert.equal(moved.code, 0, JSON.stringify(moved.report.volumes));
  const expired = await site.runAt(at(14, 30));
  assert.equal(expired.code, 0, JSON.stringify(expired.report.volumes));
  const snapshots = site.sim.control.listLvs().map((lv) => lv.name).filter((name) => /-2026/.test(name)).sort();
  assert.deepEqual(snapshots, ['home-20261201120000', 'spare-20261201120000', 'spare-20261201133000', 'spare-20261201143000']);
  const targets = site.sim.control.listMounts().filter((mount) => mount.source.includes('--2026')).map((mount) => mount.target.slice(site.root.length)).sort();
  assert.deepEqual(targets, [
    '/snapshots/home-new/@GMT-2026.12.01-13.30.00', '/snapshots/home-new/@GMT-2026.12.01-14.30.00',
    '/snapshots/home/@GMT-2026.12.01-12.00.00', '/snapshots/spare/@GMT-2026.12.01-12.00.00',
  ]);
});

test('a snapshot exported to every host (*) is kept as exported, and unexported when it expires', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', clients: ['*'] }], rules: RULES });
  await site.runAt(at(10));
  const next = await site.runAt(at(11));
  assert.deepEqual(next.report.volumes[0]!.actions.map((action) => action.kind).sort(), ['create', 'keep'], 'the 10:00 one needs no repair');
  const expiry = await site.runAt(at(13));
  assert.equal(expiry.code, 0);
  assert.deepEqual(site.sim.control.listExports().map((entry) => `${entry.client}:${entry.path.slice(site.root.length)}`).sort(), [
    '*:/snapshots/home/@GMT-2026.12.01-11.00.00', '*:/snapshots/home/@GMT-2026.12.01-13.00.00',
  ]);
});

test('a refused action carries its reason as its error in the JSON report, planned or met on the way', async () => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true }], rules: RULES });
  await site.runAt(at(10));
  const link = join(site.paths.linkdir('home'), '@GMT-2026.12.01-10.00.00');
  await rm(link);
  await writeFile(link, 'not our link\n');
  const mailed = await site.cli(['--now', at(10, 30).toISOString(), 'run']);
  assert.equal(mailed.stdout.match(/is not a symbolic link/g)?.length, 1, `the reason once in cron's mail:\n${mailed.stdout}`);
  const live = await site.runAt(at(11));
  const refused = live.report.volumes[0]!.actions.find((action) => action.status === 'refused')!;
  assert.equal(refused.kind, 'refuse');
  assert.match(refused.error ?? '', /is not a symbolic link/);
  const expiring = await site.runAt(at(13));
  const leftAlone = expiring.report.volumes[0]!.actions.find((action) => action.kind === 'expire')!;
  assert.equal(leftAlone.status, 'refused');
  assert.match(leftAlone.error ?? '', /is not a symbolic link: left alone/);
});
