import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandResult } from '../src/host/command.ts';
import {
  buildActivateArgv, buildCreateSnapshotArgv, buildRemoveArgv, classifyLvmWarnings, parseRemoveOutcome,
} from '../src/lvm/commands.ts';
import { readRealTool } from './host-real-tools.ts';

test('a thin snapshot is created, tagged and activated in one call, exactly as fixture 03 ran', () => {
  const argv = buildCreateSnapshotArgv({
    vg: 'vgA', origin: 'home', name: 'home-20261201100000', type: 'thin',
    tags: ['snapper', 'snapper_exp:20261202T100000Z'],
  });
  assert.deepEqual(argv, readRealTool('03-lvcreate-thin-snapshot-tagged').argv);
});

test('a thick snapshot gets its size, exactly as fixture 09 ran', () => {
  const argv = buildCreateSnapshotArgv({
    vg: 'vgB', origin: 'plain', name: 'plain-20261201100000', type: 'thick', size: '20M', tags: ['snapper'],
  });
  assert.deepEqual(argv, readRealTool('09-lvcreate-classic-snapshot').argv);
});

test('a thick snapshot sized as a percentage is given in extents', () => {
  const argv = buildCreateSnapshotArgv({
    vg: 'vg-data', origin: 'srv-home', name: 'srv-home-20261201100000', type: 'thick', size: '10%ORIGIN', tags: ['snapper'],
  });
  assert.deepEqual(argv, ['lvm', 'lvcreate', '-s', '-l', '10%ORIGIN', '-n', 'srv-home-20261201100000', '--addtag', 'snapper', 'vg-data/srv-home']);
});

test('buildCreateSnapshotArgv refuses what lvm would refuse or misread', () => {
  const base = { vg: 'vgA', origin: 'home', name: 'home-20261201120000', tags: ['snapper'] };
  assert.throws(() => buildCreateSnapshotArgv({ ...base, type: 'thin', tags: ['bad tag'] }), /invalid LVM tag "bad tag"/);
  assert.throws(() => buildCreateSnapshotArgv({ ...base, type: 'thin', size: '1G' }), /thin snapshot takes no size/);
  assert.throws(() => buildCreateSnapshotArgv({ ...base, type: 'thick' }), /thick snapshot needs a size/);
});

test('buildActivateArgv ignores the activation-skip flag, as fixture 11 ran', () => {
  assert.deepEqual(buildActivateArgv('vgA', 'home-20261201110000'), readRealTool('11-lvchange-activate-skip').argv);
});

test('buildRemoveArgv removes a VG\'s snapshots in one call, as fixture 35 ran', () => {
  assert.deepEqual(buildRemoveArgv('vgA', ['home-20261201100000', 'home-20261201110000']), readRealTool('35-lvremove-batch').argv);
  assert.throws(() => buildRemoveArgv('vgA', []), /at least one LV/);
});

test('parseRemoveOutcome: a batch where one LV is mounted (fixture 35)', () => {
  const outcome = parseRemoveOutcome(readRealTool('35-lvremove-batch'), ['home-20261201100000', 'home-20261201110000']);
  assert.deepEqual(outcome, {
    removed: ['home-20261201100000'],
    missing: [],
    failed: [{ name: 'home-20261201110000', message: 'Logical volume vgA/home-20261201110000 contains a filesystem in use.' }],
    unknown: [],
  });
});

test('parseRemoveOutcome: a single open LV fails (fixture 31)', () => {
  const outcome = parseRemoveOutcome(readRealTool('31-lvremove-open-lv'), ['home-20261201100000']);
  assert.deepEqual(outcome.failed, [{ name: 'home-20261201100000', message: 'Logical volume vgA/home-20261201100000 contains a filesystem in use.' }]);
  assert.deepEqual(outcome.removed, []);
});

test('parseRemoveOutcome: an LV already gone is missing, not failed (fixture 34)', () => {
  const outcome = parseRemoveOutcome(readRealTool('34-lvremove-missing'), ['nope-1']);
  assert.deepEqual(outcome, { removed: [], missing: ['nope-1'], failed: [], unknown: [] });
});

function removeResult(partial: Partial<CommandResult>): CommandResult {
  return { argv: [], exitCode: 0, stdout: '', stderr: '', durationMs: 1, timedOut: false, ...partial };
}

test('parseRemoveOutcome: exit 0 means every LV asked for is gone', () => {
  const outcome = parseRemoveOutcome(removeResult({ stdout: '  Logical volume "a-1" successfully removed.\n' }), ['a-1', 'a-2']);
  assert.deepEqual(outcome.removed, ['a-1', 'a-2']);
});

test('parseRemoveOutcome: a name is matched whole, never as part of a longer one', () => {
  const result = removeResult({
    exitCode: 5,
    stdout: '  Logical volume "home-10" successfully removed.\n',
    stderr: '  Logical volume vgA/home-1 contains a filesystem in use.\n',
  });
  const outcome = parseRemoveOutcome(result, ['home-1', 'home-10', 'home-100']);
  assert.deepEqual(outcome.removed, ['home-10']);
  assert.deepEqual(outcome.failed.map((f) => f.name), ['home-1']);
  assert.deepEqual(outcome.unknown, ['home-100']);
});

test('parseRemoveOutcome: after a timeout only confirmed removals count, the rest are unknown', () => {
  const result = removeResult({ exitCode: null, timedOut: true, stdout: '  Logical volume "a-1" successfully removed.\n' });
  assert.deepEqual(parseRemoveOutcome(result, ['a-1', 'a-2']), { removed: ['a-1'], missing: [], failed: [], unknown: ['a-2'] });
});

test('parseRemoveOutcome: lvm that could not start removed nothing', () => {
  const result = removeResult({ exitCode: null, spawnError: 'lvm: not found on PATH' });
  assert.deepEqual(parseRemoveOutcome(result, ['a-1']).failed, [{ name: 'a-1', message: 'lvm: not found on PATH' }]);
});

test('parseRemoveOutcome: a WARNING that names an LV is not its failure', () => {
  const result = removeResult({ exitCode: 5, stderr: '  WARNING: something about vgA/a-1 here\n' });
  assert.deepEqual(parseRemoveOutcome(result, ['a-1']).unknown, ['a-1']);
});

test('classifyLvmWarnings: the over-provisioning warning of every lvcreate is a warning (fixtures 03, 04, 10)', () => {
  for (const name of ['03-lvcreate-thin-snapshot-tagged', '04-lvcreate-thin-snapshot-default-skip', '10-lvcreate-xfs-snapshot']) {
    const messages = classifyLvmWarnings(readRealTool(name).stderr);
    assert.equal(messages.errors.length, 0, name);
    assert.equal(messages.warnings.length, 1, name);
    assert.match(messages.warnings[0]!, /^WARNING: Sum of all thin volume sizes/);
  }
});

test('classifyLvmWarnings: real errors stay errors, in order (fixtures 07, 38)', () => {
  assert.deepEqual(classifyLvmWarnings(readRealTool('07-lvcreate-missing-vg').stderr), {
    warnings: [],
    errors: ['Volume group "vgZ" not found', 'Cannot process volume group vgZ'],
  });
  const mixed = classifyLvmWarnings(`  WARNING: one\n${readRealTool('38-lvcreate-pool-over-threshold').stderr}\n\n`);
  assert.deepEqual(mixed.warnings, ['WARNING: one']);
  assert.deepEqual(mixed.errors, ['Cannot create new thin volume, free space in thin pool vgA/pool reached threshold.']);
});
