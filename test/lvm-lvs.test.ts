import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLvs } from '../src/coordinator/inventory.ts';
import type { Host } from '../src/host/host.ts';
import { LVS_FIELDS, buildLvsArgv, parseLvsComplaints, parseLvsReport } from '../src/lvm/lvs.ts';
import { readRealTool } from './host-real-tools.ts';

test('buildLvsArgv is exactly the argv the fixtures were captured with', () => {
  assert.deepEqual(buildLvsArgv(['vgA', 'vgB']), readRealTool('12-lvs-json-all').argv);
  assert.deepEqual(buildLvsArgv(['vgA', 'vgZ']), readRealTool('13-lvs-json-missing-vg').argv);
  assert.deepEqual(buildLvsArgv(['vgB']), readRealTool('36-lvs-json-classic-invalid').argv);
});

test('LVS_FIELDS lists every field once', () => {
  assert.equal(new Set(LVS_FIELDS).size, LVS_FIELDS.length);
  assert.equal(LVS_FIELDS.length, 15);
});

test('parseLvsReport reads every row of fixture 12 with its types', () => {
  const lvs = parseLvsReport(readRealTool('12-lvs-json-all').stdout);
  assert.deepEqual(lvs.map((lv) => `${lv.vg}/${lv.name}`), [
    'vgA/data', 'vgA/data-20261201100000', 'vgA/home', 'vgA/home-20261201100000', 'vgA/home-20261201110000',
    'vgA/pool', 'vgB/plain', 'vgB/plain-20261201100000', 'vgB/pool',
  ]);
  assert.deepEqual(lvs[3], {
    name: 'home-20261201100000',
    vg: 'vgA',
    uuid: 'CTpaMN-5RQN-k1wX-CFjI-eiXR-f6h4-yqvcTk',
    attr: 'Vwi-a-tz--',
    sizeBytes: 419430400,
    pool: 'pool',
    origin: 'home',
    tags: ['snapper', 'snapper_exp:20261202T100000Z'],
    dataPercent: 2.31,
    metadataPercent: undefined,
    snapPercent: 2.31,
    time: '2026-11-26 23:17:02 +0000',
    skipActivation: false,
    active: true,
    segtype: 'thin',
  });
  const skipped = lvs[4]!;
  assert.equal(skipped.skipActivation, true);
  assert.deepEqual(skipped.tags, ['snapper']);
  const pool = lvs[5]!;
  assert.equal(pool.dataPercent, 11.01);
  assert.equal(pool.metadataPercent, 12.01);
  assert.equal(pool.segtype, 'thin-pool');
  const plain = lvs[6]!;
  assert.deepEqual([plain.dataPercent, plain.metadataPercent, plain.snapPercent, plain.tags], [undefined, undefined, undefined, []]);
});

test('parseLvsReport reads the report lvs still prints when a VG is missing (fixture 13)', () => {
  const run = readRealTool('13-lvs-json-missing-vg');
  assert.equal(run.exitCode, 5);
  const lvs = parseLvsReport(run.stdout);
  assert.equal(lvs.length, 6);
  assert.ok(lvs.every((lv) => lv.vg === 'vgA'));
  assert.deepEqual(parseLvsComplaints(run.stderr), { missingVgs: ['vgZ'], otherErrors: [] });
});

test('parseLvsReport reads an overflowed classic snapshot (fixture 36)', () => {
  const snapshot = parseLvsReport(readRealTool('36-lvs-json-classic-invalid').stdout).find((lv) => lv.name === 'plain-20261201100000');
  assert.equal(snapshot?.attr, 'swi-I-s---');
  assert.equal(snapshot?.snapPercent, 100);
  assert.equal(snapshot?.origin, 'plain');
});

test('parseLvsReport reads a filling pool (fixture 37)', () => {
  const pool = parseLvsReport(readRealTool('37-lvs-json-pool-filling').stdout).find((lv) => lv.name === 'pool');
  assert.equal(pool?.dataPercent, 51.14);
  assert.equal(pool?.metadataPercent, 14.55);
});

test('parseLvsComplaints finds each missing VG once, and none in a clean run', () => {
  const stderr = '  Volume group "vg-x" not found\n  Cannot process volume group vg-x\n  Volume group "vgY" not found\n  Volume group "vg-x" not found\n';
  assert.deepEqual(parseLvsComplaints(stderr), { missingVgs: ['vg-x', 'vgY'], otherErrors: [] });
  assert.deepEqual(parseLvsComplaints(''), { missingVgs: [], otherErrors: [] });
  assert.deepEqual(parseLvsComplaints(readRealTool('07-lvcreate-missing-vg').stderr).missingVgs, ['vgZ']);
});

test('the inventory takes lvs exit 5 for missing VGs alone, never when another VG could not be read', async () => {
  const missing = readRealTool('13-lvs-json-missing-vg');
  const hostAnswering = (stderr: string): Host => ({
    runner: { run: async () => ({ ...missing, stderr }) },
    readMountinfo: async () => '',
    workerHost: { kind: 'exec' },
  });
  const read = await readLvs(hostAnswering(missing.stderr), ['vgA', 'vgZ'], 1000);
  assert.deepEqual(read.missingVgs, ['vgZ']);
  assert.ok(read.lvs.length > 0);
  const lockFailure = `${missing.stderr}  Cannot access VG vgB due to failed lock.\n  Cannot process volume group vgB\n`;
  await assert.rejects(readLvs(hostAnswering(lockFailure), ['vgA', 'vgB', 'vgZ'], 1000), /cannot read the LVM inventory: .*failed lock/);
});

test('parseLvsComplaints keeps apart what is not about a missing VG: warnings pass, a VG it could not read does not', () => {
  const stderr = '  WARNING: Sum of all thin volume sizes exceeds the size of thin pool vgA/pool.\n'
    + '  Volume group "vgZ" not found\n  Cannot process volume group vgZ\n'
    + '  Cannot access VG vgB due to failed lock.\n  Cannot process volume group vgB\n';
  assert.deepEqual(parseLvsComplaints(stderr), {
    missingVgs: ['vgZ'],
    otherErrors: ['Cannot access VG vgB due to failed lock.', 'Cannot process volume group vgB'],
  });
});

const GOOD_ROW = JSON.parse(readRealTool('12-lvs-json-all').stdout).report[0].lv[0] as Record<string, string>;

function reportOf(row: unknown): string {
  return JSON.stringify({ report: [{ lv: [row] }] });
}

test('parseLvsReport accepts an empty report and reads a well-formed row', () => {
  assert.deepEqual(parseLvsReport('{"report":[{"lv":[]}]}'), []);
  assert.equal(parseLvsReport(reportOf(GOOD_ROW))[0]?.name, 'data');
});

test('parseLvsReport reads an LV that lvs prints once per segment as one LV, from its first row', () => {
  const segments = [{ ...GOOD_ROW, segtype: 'linear' }, { ...GOOD_ROW, segtype: 'striped' }, { ...GOOD_ROW, lv_name: 'other', lv_uuid: 'other-uuid' }];
  const lvs = parseLvsReport(JSON.stringify({ report: [{ lv: segments }] }));
  assert.deepEqual(lvs.map((lv) => [lv.name, lv.segtype]), [['data', 'linear'], ['other', 'thin']]);
});

test('parseLvsReport rejects malformed reports, saying what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /not JSON/],
    ['{"report": 1}', /no "report" array/],
    ['{"report": [{"vg": []}]}', /entry 0 has no "lv" array/],
    [reportOf('x'), /row 0 is not an object/],
    [reportOf({ ...GOOD_ROW, lv_uuid: undefined }), /field lv_uuid is missing/],
    [reportOf({ ...GOOD_ROW, lv_size: 335544320 }), /field lv_size is not a string/],
    [reportOf({ ...GOOD_ROW, lv_size: '320.00m' }), /vgA\/data.*lv_size "320.00m" is not a whole number of bytes/],
    [reportOf({ ...GOOD_ROW, lv_attr: 'Vwi-ao' }), /vgA\/data.*lv_attr "Vwi-ao" is not 10 characters/],
    [reportOf({ ...GOOD_ROW, data_percent: '20,14' }), /data_percent "20,14" is not a percentage/],
    [reportOf({ ...GOOD_ROW, lv_name: '' }), /empty lv_name/],
  ];
  for (const [stdout, message] of cases) assert.throws(() => parseLvsReport(stdout), message, stdout);
});

test('parseLvsReport takes lv_active and lv_skip_activation as lvs prints them', () => {
  const inactive = parseLvsReport(reportOf({ ...GOOD_ROW, lv_active: '' }))[0]!;
  assert.equal(inactive.active, false);
  assert.equal(parseLvsReport(reportOf({ ...GOOD_ROW, lv_active: 'unknown' }))[0]!.active, false);
  assert.equal(parseLvsReport(reportOf({ ...GOOD_ROW, lv_skip_activation: 'skip activation' }))[0]!.skipActivation, true);
});
