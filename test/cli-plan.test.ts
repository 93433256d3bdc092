// The dry run: planned per volume in the worker pool, identical to what the coordinator plans, changing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../src/report/types.ts';
import { createSimSite } from './support/sim-site.ts';

test('plan fans out over the worker threads, matches run --dry-run, and changes nothing', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] },
    { name: 'data', vg: 'vgB', fs: 'xfs' },
    { name: 'proj', vg: 'vgB', fs: 'ext4' },
  ], rules: '[expire_hourly]\nmatch = * * * *\nexpire_after = 2 hours\n' });
  assert.equal((await site.runAt(new Date('2026-12-01T10:00:00Z'))).code, 0);
  const before = JSON.stringify([site.sim.control.listLvs(), site.sim.control.listMounts(), site.sim.control.listExports()]);
  const threaded = await site.cli(['--json', '--now', '2026-12-01T12:00:00Z', 'plan'], 'threads');
  const inThread = await site.cli(['--json', '--now', '2026-12-01T12:00:00Z', 'run', '--dry-run'], 'in-thread');
  assert.equal(threaded.code, 0, threaded.stderr);
  const planned = JSON.parse(threaded.stdout) as RunReport;
  const dry = JSON.parse(inThread.stdout) as RunReport;
  assert.equal(planned.dryRun, true);
  assert.deepEqual(planned.volumes, dry.volumes);
  const kinds = planned.volumes.map((volume) => `${volume.volume}:${volume.actions.map((action) => action.kind).sort().join(',')}`);
  assert.deepEqual(kinds, ['home:create,expire', 'data:create,expire', 'proj:create,expire']);
  assert.equal(JSON.stringify([site.sim.control.listLvs(), site.sim.control.listMounts(), site.sim.control.listExports()]), before);
  const state = JSON.parse(await readFile(site.paths.state, 'utf8'));
  assert.equal(state.lastRun.command, 'run', 'the dry run did not touch the journal');
  assert.ok(existsSync(site.paths.state));
});
