import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRun } from '../src/plan/plan-run.ts';
import type { PlanEntry } from '../src/plan/types.ts';
import { emptyState, type State } from '../src/state/state-schema.ts';
import { configOf, inventoryOf, ourSnapshot, poolLv, thinLv, TAG } from './support/builders.ts';

const home = { name: 'home', vg: 'vgA', lv: 'home', extra: 'linkdir = /srv/home/.snapshots\nnfsexports = 10.1.1.0/24 192.168.7.7\n' };
const now = new Date('2026-12-01T10:00:00Z');

function entriesOf(plan: ReturnType<typeof planRun>, volume = 'home'): PlanEntry[] {
  return plan.volumes.find((item) => item.volume === volume)!.entries;
}

function only<K extends PlanEntry['kind']>(entries: PlanEntry[], kind: K): Extract<PlanEntry, { kind: K }> {
  const found = entries.filter((entry) => entry.kind === kind);
  assert.equal(found.length, 1, `expected one ${kind} entry in ${JSON.stringify(entries.map((entry) => entry.kind))}`);
  return found[0] as Extract<PlanEntry, { kind: K }>;
}

test('a matching hour plans a tagged snapshot with the longest expiry, its @GMT mount dir, link and exports', () => {
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home')]), emptyState(TAG), new Date('2026-12-01T00:00:00Z'));
  const create = only(entriesOf(plan), 'create');
  assert.equal(create.snapshot.name, 'home-20261201000000');
  assert.equal(create.snapshot.expiresAt, '2026-12-03T00:00:00.000Z', 'the daily rule (2 days) beats the hourly one (6 hours)');
  assert.deepEqual(create.snapshot.tags, ['snapper', 'snapper_exp:20261203T000000Z']);
  assert.equal(create.snapshot.mountDir, '/snapshots/home/@GMT-2026.12.01-00.00.00');
  assert.equal(create.snapshot.linkPath, '/srv/home/.snapshots/@GMT-2026.12.01-00.00.00');
  assert.deepEqual(create.snapshot.exportClients, ['10.1.1.0/24', '192.168.7.7']);
  assert.ok(create.snapshot.exportOptions.some((option) => option.startsWith('fsid=')), 'every export gets its own fsid');
  assert.deepEqual(create.snapshot.rules.sort(), ['expire_daily', 'expire_hourly']);
});

test('no matching rule plans no snapshot, and says why', () => {
  const config = configOf([home], '[expire_nightly]\nmatch = 2 * * *\nexpire_after = 1 day\n');
  const skip = only(entriesOf(planRun(config, inventoryOf([poolLv('vgA'), thinLv('vgA', 'home')]), emptyState(TAG), now)), 'skip');
  assert.equal(skip.status, 'skipped');
  assert.match(skip.reason, /no expire rule/);
});

test('a snapshot already taken in this hour prevents a second one (cron every 15 minutes, reruns)', () => {
  const earlier = ourSnapshot('vgA', 'home', '2026-12-01T10:00:00Z', '2026-12-01T16:00:00Z');
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), earlier]), emptyState(TAG), new Date('2026-12-01T10:45:00Z'));
  assert.match(only(entriesOf(plan), 'skip').reason, /already taken in this hour/);
  const nextHour = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), earlier]), emptyState(TAG), new Date('2026-12-01T11:00:00Z'));
  assert.equal(only(entriesOf(nextHour), 'create').snapshot.name, 'home-20261201110000');
});

test('a thin pool over either threshold gets pool_full and no snapshot', () => {
  for (const pool of [poolLv('vgA', 80.01, 10), poolLv('vgA', 10, 95)]) {
    const skip = only(entriesOf(planRun(configOf([home]), inventoryOf([pool, thinLv('vgA', 'home')]), emptyState(TAG), now)), 'skip');
    assert.equal(skip.status, 'pool_full');
  }
  const atLimit = planRun(configOf([home]), inventoryOf([poolLv('vgA', 80, 80), thinLv('vgA', 'home')]), emptyState(TAG), now);
  only(entriesOf(atLimit), 'create');
});

test('an origin that is not thin, a missing origin and a missing VG fail with the reason', () => {
  const linear = thinLv('vgA', 'home', { attr: '-wi-ao----', pool: '', segtype: 'linear' });
  assert.match(only(entriesOf(planRun(configOf([home]), inventoryOf([linear]), emptyState(TAG), now)), 'skip').reason, /not a thin volume/);
  assert.match(only(entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA')]), emptyState(TAG), now)), 'skip').reason, /origin vgA\/home not found/);
  const missingVg = planRun(configOf([home]), inventoryOf([], { missingVgs: ['vgA'] }), emptyState(TAG), now);
  assert.match(only(entriesOf(missingVg), 'skip').reason, /volume group vgA not found/);
});

test('an expired snapshot is torn down in order: exports, link, mount, folder, then the LV', () => {
  const old = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const mountDir = '/snapshots/home/@GMT-2026.12.01-03.00.00';
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), old], {
    mounts: [{ mountId: 40, parentId: 1, device: '254:3', root: '/', target: mountDir, mountOptions: ['ro'], fsType: 'ext4', source: '/dev/mapper/vgA-home--20261201030000', superOptions: ['ro'] }],
    exports: [{ path: mountDir, client: '10.1.1.0/24', options: ['ro'] }],
    links: [{ path: '/srv/home/.snapshots/@GMT-2026.12.01-03.00.00', target: mountDir }],
    mountDirs: [mountDir],
  });
  const expire = only(entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), now)), 'expire');
  assert.equal(expire.snapshot.name, 'home-20261201030000');
  assert.deepEqual(expire.needs, { unexportClients: ['10.1.1.0/24'], unlink: true, unmount: true, rmdir: true, removeLv: true, leftAlone: [] });
});

test('a snapshot lives until the first run at or after its expiry, not a second longer or shorter', () => {
  const snapshot = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot]);
  const before = entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), new Date('2026-12-01T08:59:59Z')));
  assert.ok(!before.some((entry) => entry.kind === 'expire'));
  const at = entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), new Date('2026-12-01T09:00:00Z')));
  only(at, 'expire');
});

test('a live snapshot missing its mount, link and one export is repaired; a complete one is kept', () => {
  const snapshot = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z', { active: false, attr: 'Vwi---tz--' });
  const mountDir = '/snapshots/home/@GMT-2026.12.01-09.00.00';
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot], { exports: [{ path: mountDir, client: '10.1.1.0/24', options: [] }] });
  const repair = only(entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), now)), 'repair');
  assert.deepEqual(repair.needs, { activate: true, mount: true, link: true, exportClients: ['192.168.7.7'] });

  const complete = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), { ...snapshot, active: true, attr: 'Vwi-aotz--' }], {
    mounts: [{ mountId: 40, parentId: 1, device: '254:3', root: '/', target: mountDir, mountOptions: ['ro'], fsType: 'ext4', source: '/dev/mapper/vgA-home--20261201090000', superOptions: [] }],
    exports: ['10.1.1.0/24', '192.168.7.7'].map((client) => ({ path: mountDir, client, options: [] })),
    links: [{ path: '/srv/home/.snapshots/@GMT-2026.12.01-09.00.00', target: mountDir }],
  });
  only(entriesOf(planRun(configOf([home]), complete, emptyState(TAG), now)), 'keep');
});

function stateWith(entries: Array<{ name: string; phase: 'creating' | 'live' | 'expiring'; created: string; expires: string; volume?: string }>): State {
  const state = emptyState(TAG);
  for (const entry of entries) {
    const stamp = entry.created.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    state.snapshots[`vgA/${entry.name}`] = {
      volume: entry.volume ?? 'home', vg: 'vgA', origin: 'home', name: entry.name, createdAt: entry.created, expiresAt: entry.expires, phase: entry.phase,
      mountDir: `/snapshots/home/@GMT-${stamp}`, exportClients: [],
    };
  }
  return state;
}

test('a journal entry without its LV is forgotten once, with leftovers cleaned and the reason told', () => {
  const state = stateWith([
    { name: 'home-20261201080000', phase: 'creating', created: '2026-12-01T08:00:00.000Z', expires: '2026-12-01T14:00:00.000Z' },
    { name: 'home-20261201070000', phase: 'live', created: '2026-12-01T07:00:00.000Z', expires: '2026-12-01T13:00:00.000Z' },
  ]);
  const entries = entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home')]), state, now));
  const forgets = entries.filter((entry) => entry.kind === 'forget');
  assert.equal(forgets.length, 2);
  assert.ok(forgets.some((entry) => /nothing was created/.test(entry.reason)));
  assert.ok(forgets.some((entry) => /removed outside lvmsnapper/.test(entry.reason)));
  assert.ok(forgets.every((entry) => entry.kind === 'forget' && !entry.needs.removeLv));
});

test('an interrupted create whose LV exists is adopted and finished by a repair', () => {
  const lv = ourSnapshot('vgA', 'home', '2026-12-01T10:00:00Z', '2026-12-03T10:00:00Z');
  const state = stateWith([{ name: lv.name, phase: 'creating', created: '2026-12-01T10:00:00.000Z', expires: '2026-12-03T10:00:00.000Z' }]);
  const entries = entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), lv]), state, new Date('2026-12-01T10:00:30Z')));
  const repair = only(entries, 'repair');
  assert.match(repair.reason, /interrupted/);
  assert.match(only(entries, 'skip').reason, /already taken in this hour/, 'the adopted snapshot fills the hour: no duplicate');
});

test('looks-like-ours LVs are refused, never expired', () => {
  const expired = '2026-12-01T09:00:00Z';
  const otherOrigin = { ...ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', expired), origin: 'data' };
  const wrongName = { ...ourSnapshot('vgA', 'home', '2026-12-01T02:00:00Z', expired), name: 'home-snap' };
  const isOrigin = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', expired);
  const child = thinLv('vgA', 'clone', { origin: isOrigin.name });
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), thinLv('vgA', 'data'), otherOrigin, wrongName, isOrigin, child]), emptyState(TAG), now);
  const refusals = entriesOf(plan).filter((entry) => entry.kind === 'refuse').map((entry) => entry.reason);
  assert.equal(refusals.length, 3, JSON.stringify(refusals));
  assert.ok(refusals.some((reason) => /origin is "data"/.test(reason)));
  assert.ok(refusals.some((reason) => /name is not home-<14 digits>/.test(reason)));
  assert.ok(refusals.some((reason) => /itself the origin/.test(reason)));
  assert.ok(!entriesOf(plan).some((entry) => entry.kind === 'expire'));
});

test('an LV of ours that lost its tag, or whose tag and journal disagree, is refused', () => {
  const untagged = { ...ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', '2026-12-01T07:00:00Z'), tags: [] };
  const state = stateWith([{ name: untagged.name, phase: 'live', created: '2026-12-01T01:00:00.000Z', expires: '2026-12-01T07:00:00.000Z' }]);
  assert.match(only(entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), untagged]), state, now)), 'refuse').reason, /does not carry the tag/);

  const tagged = ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', '2026-12-01T07:00:00Z');
  const disagreeing = stateWith([{ name: tagged.name, phase: 'live', created: '2026-12-01T01:00:00.000Z', expires: '2026-12-05T07:00:00.000Z' }]);
  assert.match(only(entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), tagged]), disagreeing, now)), 'refuse').reason, /state says .* its tag says/);
});

test('a link that points elsewhere is left alone and reported; a live one blocks nothing else but is refused', () => {
  const snapshot = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const linkPath = '/srv/home/.snapshots/@GMT-2026.12.01-03.00.00';
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot], { links: [{ path: linkPath, target: '/somewhere/else' }] });
  const expire = only(entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), now)), 'expire');
  assert.equal(expire.needs.unlink, false);
  assert.match(expire.needs.leftAlone[0]!.reason, /points to \/somewhere\/else/);
  const live = only(entriesOf(planRun(configOf([home]), inventory, emptyState(TAG), new Date('2026-12-01T04:00:00Z'))), 'refuse');
  assert.match(live.reason, /points to \/somewhere\/else/);
});

test('untagged LVs named like ours and tagged LVs of no volume are never touched; the latter are listed as orphans', () => {
  const untagged = { ...ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', '2026-12-01T02:00:00Z'), tags: [] };
  const taggedOrigin = thinLv('vgA', 'home', { tags: [TAG] });
  const stray = thinLv('vgA', 'stray', { tags: [TAG] });
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), taggedOrigin, untagged, stray]), emptyState(TAG), now);
  assert.ok(!entriesOf(plan).some((entry) => entry.kind === 'expire' || entry.kind === 'refuse'));
  assert.deepEqual(plan.orphans.map((orphan) => orphan.lv).sort(), ['home', 'stray']);
  assert.match(plan.orphans.find((orphan) => orphan.lv === 'home')!.reason, /configured origin volume/);
});

test('snapshots of a volume whose section was removed keep expiring from the journal', () => {
  const snapshot = ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', '2026-12-01T07:00:00Z');
  const state = stateWith([{ name: snapshot.name, phase: 'live', created: '2026-12-01T01:00:00.000Z', expires: '2026-12-01T07:00:00.000Z', volume: 'oldhome' }]);
  const plan = planRun(configOf([]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot]), state, now);
  const expire = only(entriesOf(plan, 'oldhome'), 'expire');
  assert.equal(expire.snapshot.mountDir, '/snapshots/home/@GMT-20261201-010000', 'the journal says where it was mounted');
  assert.deepEqual(plan.orphans, []);
  const notYet = planRun(configOf([]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot]), state, new Date('2026-12-01T05:00:00Z'));
  only(entriesOf(notYet, 'oldhome'), 'keep');
});

test('remove plans named snapshots before their expiry, still through every other check', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-05T09:00:00Z');
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), live]), emptyState(TAG), now, { options: { mode: 'remove', removeNames: ['vgA/home-20261201090000'] } });
  const expire = only(entriesOf(plan), 'expire');
  assert.equal(expire.requested, true);
  assert.ok(!entriesOf(plan).some((entry) => entry.kind === 'create'));
});

test("another volume's snapshots whose name starts like ours are not this volume's business", () => {
  const config = configOf([home, { name: 'homeold', vg: 'vgA', lv: 'home-old' }]);
  const theirs = ourSnapshot('vgA', 'home-old', '2026-12-01T01:00:00Z', '2026-12-01T07:00:00Z');
  const plan = planRun(config, inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), thinLv('vgA', 'home-old'), theirs]), emptyState(TAG), now);
  assert.ok(!entriesOf(plan, 'home').some((entry) => entry.kind === 'refuse' || entry.kind === 'expire'));
  assert.equal(only(entriesOf(plan, 'homeold'), 'expire').snapshot.name, 'home-old-20261201010000');
});

function mountOf(target: string, source: string) {
  return { mountId: 40, parentId: 1, device: '254:3', root: '/', target, mountOptions: ['ro'], fsType: 'ext4', source, superOptions: ['ro'] };
}

function lvNamesPlanned(plan: ReturnType<typeof planRun>): string[] {
  return plan.volumes.flatMap((volume) => volume.entries.flatMap((entry) => ('snapshot' in entry ? [entry.snapshot.name] : entry.kind === 'refuse' ? [entry.lv] : [])));
}

test('a renamed section takes its snapshots along: each is planned once, under the new name', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z');
  const expired = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const state = stateWith([
    { name: live.name, phase: 'live', created: '2026-12-01T09:00:00.000Z', expires: '2026-12-01T15:00:00.000Z' },
    { name: expired.name, phase: 'live', created: '2026-12-01T03:00:00.000Z', expires: '2026-12-01T09:00:00.000Z' },
  ]);
  const plan = planRun(configOf([{ ...home, name: 'homes' }]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), live, expired]), state, now);
  assert.deepEqual(plan.volumes.map((volume) => volume.volume), ['homes'], 'no volume left behind under the old name');
  assert.deepEqual(lvNamesPlanned(plan).sort(), [expired.name, 'home-20261201100000', live.name].sort());
  assert.equal(only(entriesOf(plan, 'homes'), 'expire').snapshot.name, expired.name);
  assert.equal(only(entriesOf(plan, 'homes'), 'repair').snapshot.mountDir, '/snapshots/home/@GMT-20261201-090000', 'mounted where the journal says');
});

test('a section pointed at another LV leaves the old LV\'s snapshots live until they expire, never forgotten', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z');
  const mountDir = '/snapshots/home/@GMT-20261201-090000';
  const state = stateWith([{ name: live.name, phase: 'live', created: '2026-12-01T09:00:00.000Z', expires: '2026-12-01T15:00:00.000Z' }]);
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), thinLv('vgA', 'home2'), live], {
    mounts: [mountOf(mountDir, '/dev/mapper/vgA-home--20261201090000')],
    exports: [{ path: mountDir, client: '10.1.1.0/24', options: ['ro'] }],
  });
  const config = configOf([{ ...home, lv: 'home2' }]);
  const plan = planRun(config, inventory, state, now);
  assert.ok(!plan.volumes.some((volume) => volume.entries.some((entry) => entry.kind === 'forget')), JSON.stringify(plan.volumes));
  assert.equal(only(entriesOf(plan, 'home (vgA/home)'), 'keep').snapshot.name, live.name);
  assert.equal(only(entriesOf(plan, 'home'), 'create').snapshot.name, 'home2-20261201100000');
  assert.deepEqual(plan.orphans, []);

  const expiry = only(entriesOf(planRun(config, inventory, state, new Date('2026-12-01T15:00:00Z')), 'home (vgA/home)'), 'expire');
  assert.deepEqual(expiry.needs, { unexportClients: ['10.1.1.0/24'], unlink: false, unmount: true, rmdir: false, removeLv: true, leftAlone: [] });
});

test('after snapdir changed, a snapshot mounted in the old folder is kept there, and torn down from there at expiry', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z');
  const mountDir = '/snapshots/home/@GMT-20261201-090000';
  const state = stateWith([{ name: live.name, phase: 'live', created: '2026-12-01T09:00:00.000Z', expires: '2026-12-01T15:00:00.000Z' }]);
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), live], {
    mounts: [mountOf(mountDir, '/dev/mapper/vgA-home--20261201090000')],
    mountDirs: [mountDir],
  });
  const config = configOf([{ ...home, name: 'home2', extra: '' }]);
  assert.equal(config.volumes[0]!.snapdir, '/snapshots/home2');
  only(entriesOf(planRun(config, inventory, state, now), 'home2'), 'keep');
  const expiry = only(entriesOf(planRun(config, inventory, state, new Date('2026-12-01T15:00:00Z')), 'home2'), 'expire');
  assert.equal(expiry.needs.unmount, true);
  assert.equal(expiry.needs.rmdir, true);
});

test('a snapshot whose folder has a foreign mount as well is refused rather than unmounted; one mounted elsewhere too is not', () => {
  const old = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const own = '/snapshots/home/@GMT-2026.12.01-03.00.00';
  const device = '/dev/mapper/vgA-home--20261201030000';
  // A shared bind mount of the snapdir's filesystem (an NFSv4 pseudo-root, say) shows the snapshot a second time;
  // the umount of its own folder takes off that peer too.
  const peer = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), old], { mounts: [mountOf(own, device), mountOf('/export/snapshots/home/@GMT-2026.12.01-03.00.00', device)] });
  assert.equal(only(entriesOf(planRun(configOf([home]), peer, emptyState(TAG), now)), 'expire').needs.unmount, true);
  const stacked = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), old], { mounts: [mountOf(own, device), mountOf(own, '/dev/sdz1')] });
  assert.match(only(entriesOf(planRun(configOf([home]), stacked, emptyState(TAG), now)), 'refuse').reason, /\/dev\/sdz1 mounted on it as well/);
  const foreignOnly = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), old], { mounts: [mountOf(own, '/dev/sdz1')] });
  const expire = only(entriesOf(planRun(configOf([home]), foreignOnly, emptyState(TAG), now)), 'expire');
  assert.equal(expire.needs.unmount, false, 'the foreign mount is left alone; the LV itself is not mounted');
});

test('an origin of the config named like a snapshot is never expired as one', () => {
  const kept = ourSnapshot('vgA', 'home', '2026-12-01T03:00:00Z', '2026-12-01T09:00:00Z');
  const config = configOf([home, { name: 'keep', vg: 'vgA', lv: kept.name }]);
  const plan = planRun(config, inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), kept]), emptyState(TAG), now);
  assert.match(only(entriesOf(plan), 'refuse').reason, /is a volume of the config/);
});

test('a journal entry naming an LV that is not among the volume\'s snapshots is refused, not forgotten while the LV exists', () => {
  const state = stateWith([{ name: 'scratch', phase: 'live', created: '2026-12-01T03:00:00.000Z', expires: '2026-12-01T09:00:00.000Z' }]);
  const plan = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), thinLv('vgA', 'scratch')]), state, now);
  assert.ok(!entriesOf(plan).some((entry) => entry.kind === 'forget'));
  assert.equal(only(entriesOf(plan), 'refuse').lv, 'scratch');
});

test('a thin pool that reports no usage gets no snapshot', () => {
  const inactivePool = { ...poolLv('vgA'), attr: 'twi---tz--', active: false, dataPercent: undefined, metadataPercent: undefined };
  const skip = only(entriesOf(planRun(configOf([home]), inventoryOf([inactivePool, thinLv('vgA', 'home')]), emptyState(TAG), now)), 'skip');
  assert.equal(skip.status, 'failed');
  assert.match(skip.reason, /reports no usage/);
});

test("a snapshot's life counts from the second in its name: hourly runs with a 6-hour rule keep six, not seven", () => {
  const created = only(entriesOf(planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home')]), emptyState(TAG), new Date('2026-12-01T10:00:00.400Z'))), 'create');
  assert.equal(created.snapshot.expiresAt, '2026-12-01T16:00:00.000Z');
  const snapshot = ourSnapshot('vgA', 'home', created.snapshot.createdAt, created.snapshot.expiresAt);
  const sixHoursOn = planRun(configOf([home]), inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), snapshot]), emptyState(TAG), new Date('2026-12-01T16:00:00.300Z'));
  assert.equal(only(entriesOf(sixHoursOn), 'expire').snapshot.name, 'home-20261201100000');
});

test('an expiring entry is finished before its expiry only when its removal was asked for', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T15:00:00Z');
  const entry = { name: live.name, phase: 'expiring' as const, created: '2026-12-01T09:00:00.000Z', expires: '2026-12-01T15:00:00.000Z' };
  const inventory = inventoryOf([poolLv('vgA'), thinLv('vgA', 'home'), live]);
  // An expiry begun by a run whose clock was ahead, or one whose snapshot was given a later expiry since: live again.
  const byExpiry = entriesOf(planRun(configOf([home]), inventory, stateWith([entry]), now));
  assert.ok(!byExpiry.some((item) => item.kind === 'expire'), JSON.stringify(byExpiry));
  only(byExpiry, 'repair');
  const asked = stateWith([entry]);
  asked.snapshots[`vgA/${live.name}`]!.removalRequested = true;
  const resumed = only(entriesOf(planRun(configOf([home]), inventory, asked, now)), 'expire');
  assert.equal(resumed.reason, 'removal begun by an earlier run');
  assert.equal(only(entriesOf(planRun(configOf([home]), inventory, asked, now, { options: { mode: 'repair' } })), 'keep').reason, 'removal begun by an earlier run; `run` or `expire` finishes it');
});
