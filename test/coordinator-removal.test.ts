import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeSnapshots } from '../src/coordinator/removal.ts';
import { createVgGate, type VgGateHandle } from '../src/coordinator/vg-gate.ts';
import type { CommandRequest } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { ourSnapshot, TAG } from './support/builders.ts';

const SNAPSHOTS = [1, 2, 3].map((hour) => ourSnapshot('vgA', 'home', `2026-12-01T0${hour}:00:00Z`, '2026-12-01T09:00:00Z'));

/** Removes SNAPSHOTS through a runner that removes whatever it is asked to; returns what it was asked. */
async function removeAll(gate: VgGateHandle, lvmTimeoutMs: number) {
  const requests: CommandRequest[] = [];
  let batchCalls = 0;
  const host = {
    runner: {
      run: async (request: CommandRequest) => {
        requests.push(request);
        const stdout = SNAPSHOTS.map((lv) => `  Logical volume "${lv.name}" successfully removed.\n`).join('');
        return { argv: request.argv, exitCode: 0, stdout, stderr: '', durationMs: 1, timedOut: false };
      },
    },
    readMountinfo: async () => '',
    workerHost: { kind: 'exec' },
  } as Host;
  const result = await removeSnapshots('vgA', SNAPSHOTS.map((lv) => ({ name: lv.name, expected: { vg: 'vgA', origin: 'home', type: 'thin' }, requested: false })), {
    host,
    gate,
    timeouts: { lvm: lvmTimeoutMs, mount: 60_000, exportfs: 60_000, blkid: 30_000, pipeline: 600_000 },
    safety: { lvmTag: TAG, now: new Date('2026-12-01T10:00:00Z'), origins: new Set(), configuredOrigins: new Set(['vgA/home']) },
    lvs: new Map(SNAPSHOTS.map((lv) => [lv.name, lv])),
    nextBatchCall: () => (batchCalls += 1),
  });
  return { requests, result, batchCalls };
}

test("a VG's lvremove gets lvm_timeout and a second for each LV it carries", async () => {
  const { requests, result, batchCalls } = await removeAll(createVgGate(['vgA'], 4), 120_000);
  assert.deepEqual(requests.map((request) => [request.argv.length, request.timeoutMs]), [[6, 123_000]]);
  assert.equal(batchCalls, 1);
  assert.equal(result.removed.size, 3);
});

test("a VG's lvremove that gets no LVM slot in its time removes nothing and says why", async () => {
  // Every slot taken and never given back, as by a worker thread that died holding them.
  const gate = createVgGate(['vgA'], 4);
  Atomics.store(new Int32Array(gate.buffer), gate.slots.vgA!, 4);
  const { requests, result, batchCalls } = await removeAll(gate, 50);
  assert.deepEqual(requests, []);
  // No call was made, so none is numbered: the run's batch calls (shared with umount) keep no gap.
  assert.equal(batchCalls, 0);
  assert.equal(result.removed.size, 0);
  assert.deepEqual([...result.steps.values()].map((step) => [step.status, step.error]),
    SNAPSHOTS.map(() => ['failed', 'no LVM slot of vgA came free within 3 s']));
});
