import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyState, parseState, type State } from '../src/state/state-schema.ts';
import { loadState, readStateForInspection, saveState } from '../src/state/state-store.ts';
import { makeTempDir } from './support/temp-dir.ts';

const record = {
  volume: 'home', vg: 'vgA', origin: 'home', name: 'home-20261201100000', createdAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-01T16:00:00.000Z', phase: 'live' as const, mountDir: '/snapshots/home/@GMT-2026.12.01-10.00.00', exportClients: ['10.1.1.0/24'],
};

test('a state is written with mode 0600 and read back unchanged', async () => {
  const dir = makeTempDir('state');
  const path = join(dir, 'nested', 'state.json');
  const state: State = { ...emptyState('snapper'), snapshots: { 'vgA/home-20261201100000': record } };
  await saveState(path, state);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual((await loadState(path, 'snapper', new Date())).state, state);
  assert.deepEqual(await readdir(join(dir, 'nested')), ['state.json'], 'no temporary file is left behind');
});

test('an unknown version or shape is refused with a message naming what is wrong', () => {
  assert.throws(() => parseState('{"version": 2, "snapshots": {}}'), /unknown state version 2 \(this lvmsnapper reads version 1\)/);
  assert.throws(() => parseState('not json'), /not valid JSON/);
  const bad = { ...emptyState('snapper'), snapshots: { x: { ...record, phase: 'gone', mountDir: 'relative' } } };
  assert.throws(() => parseState(JSON.stringify(bad)), /snapshots\.x\.phase[\s\S]*snapshots\.x\.mountDir/);
  assert.throws(() => parseState(JSON.stringify({ ...emptyState('snapper'), extra: true })), /unexpected shape/);
});

test('a corrupt state is set aside by a run, but left in place by a command that changes nothing', async () => {
  const dir = makeTempDir('state');
  const path = join(dir, 'state.json');
  await writeFile(path, '{"version": 1, "snap');
  const inspected = await readStateForInspection(path, 'snapper');
  assert.deepEqual(inspected.state, emptyState('snapper'));
  assert.match(inspected.notices[0]!, /unusable .* keeps it aside/);
  assert.deepEqual(await readdir(dir), ['state.json']);
  const loaded = await loadState(path, 'snapper', new Date('2026-12-01T10:00:00Z'));
  assert.deepEqual(loaded.state, emptyState('snapper'));
  assert.equal(loaded.setAside?.path, `${path}.corrupt-2026-12-01T100000000Z`);
  assert.equal(await readFile(loaded.setAside!.path, 'utf8'), '{"version": 1, "snap');
});

test('a state written for another lvm_tag is not trusted', async () => {
  const dir = makeTempDir('state');
  const path = join(dir, 'state.json');
  await saveState(path, emptyState('old-tag'));
  const loaded = await loadState(path, 'snapper', new Date('2026-12-01T10:00:00Z'));
  assert.match(loaded.setAside!.reason, /written for lvm_tag "old-tag", the config says "snapper"/);
});
