import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeSnapshots } from '../src/coordinator/removal.ts';
import { createVgGate } from '../src/coordinator/vg-gate.ts';
import type { CommandRequest } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { ourSnapshot, TAG } from './support/builders.ts';

test("a VG's lvremove gets lvm_timeout and a second for each LV it carries", async () => {
  const snapshots = [1, 2, 3].map((hour) => ourSnapshot('vgA', 'home', `2026-12-01T0${hour}:00:00Z`, '2026-12-01T09:00:00Z'));
  const requests: CommandRequest[] = [];
  const host = {
    runner: {
      run: async (request: CommandRequest) => {
        requests.push(request);
        const stdout = snapshots.map((lv) => `  Logical volume "${lv.name}" successfully removed.\n`).join('');
        return { argv: request.argv, exitCode: 0, stdout, stderr: '', durationMs: 1, timedOut: false };
      },
    },
    readMountinfo: async () => '',
    workerHost: { kind: 'exec' },
  } as Host;
  const result = await removeSnapshots('vgA', snapshots.map((lv) => ({ name: lv.name, expected: { vg: 'vgA', origin: 'home', type: 'thin' }, requested: false })), {
    host,
    gate: createVgGate(['vgA'], 4),
    timeouts: { lvm: 120_000, mount: 60_000, exportfs: 60_000, blkid: 30_000, pipeline: 600_000 },
    safety: { lvmTag: TAG, now: new Date('2026-12-01T10:00:00Z'), origins: new Set(), configuredOrigins: new Set(['vgA/home']) },
    lvs: new Map(snapshots.map((lv) => [lv.name, lv])),
    nextBatchCall: () => 1,
  });
  assert.deepEqual(requests.map((request) => [request.argv.length, request.timeoutMs]), [[6, 123_000]]);
  assert.equal(result.removed.size, 3);
});
