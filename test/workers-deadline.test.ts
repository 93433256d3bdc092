// A volume's pipeline stops at its deadline, counted from when it starts: not before, and not a step later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInThreadPool } from '../src/coordinator/job-pool.ts';
import { createVgGate, withVgSlot } from '../src/coordinator/vg-gate.ts';
import type { CommandRequest, CommandResult } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { monotonicMs } from '../src/coordinator/monotonic-clock.ts';
import { StepRecorder } from '../src/workers/steps.ts';

function recordingRunner(started: string[]) {
  return {
    run: async (request: CommandRequest): Promise<CommandResult> => {
      started.push(request.argv.join(' '));
      return { argv: request.argv, exitCode: 0, stdout: '', stderr: '', durationMs: 0, timedOut: false };
    },
  };
}

test('a command that waited for its VG slot past the deadline is not started', async () => {
  const started: string[] = [];
  const gate = createVgGate(['vgA'], 1);
  const steps = new StepRecorder({ runner: recordingRunner(started), gate, deadline: monotonicMs() + 50 });
  const holder = withVgSlot(gate, 'vgA', () => sleep(120), Number.POSITIVE_INFINITY);
  const result = await steps.command({ step: 'lvcreate', argv: ['lvm', 'lvcreate'], timeoutMs: 1000, vg: 'vgA' });
  await holder;
  assert.equal(result, undefined);
  assert.deepEqual(started, []);
  assert.deepEqual(steps.steps.map((step) => [step.step, step.status, step.error]), [['lvcreate', 'failed', 'pipeline timed out before this step']]);
});

test('a slot never given back (a worker thread that died holding it) fails the step at the deadline, not never', async () => {
  const started: string[] = [];
  const gate = createVgGate(['vgA'], 2);
  Atomics.store(new Int32Array(gate.buffer), gate.slots.vgA!, 2);
  const steps = new StepRecorder({ runner: recordingRunner(started), gate, deadline: monotonicMs() + 50 });
  const result = await steps.command({ step: 'lvcreate', argv: ['lvm', 'lvcreate'], timeoutMs: 1000, vg: 'vgA' });
  assert.equal(result, undefined);
  assert.deepEqual(started, []);
  assert.deepEqual(steps.steps.map((step) => [step.step, step.status, step.error]), [['lvcreate', 'failed', 'pipeline timed out before this step']]);
});

test('a slot given back while others wait goes to one of them, before the deadline', async () => {
  const gate = createVgGate(['vgA'], 1);
  const order: string[] = [];
  const first = withVgSlot(gate, 'vgA', async () => { await sleep(20); order.push('first'); }, monotonicMs() + 5000);
  const second = withVgSlot(gate, 'vgA', async () => { order.push('second'); return 'ran'; }, monotonicMs() + 5000);
  assert.equal(await second, 'ran');
  await first;
  assert.deepEqual(order, ['first', 'second']);
  assert.equal(Atomics.load(new Int32Array(gate.buffer), gate.slots.vgA!), 0);
});

test('a file step after the deadline is not done', async () => {
  const steps = new StepRecorder({ runner: recordingRunner([]), gate: createVgGate([], 1), deadline: monotonicMs() - 1 });
  let ran = false;
  assert.equal(await steps.local('link', async () => { ran = true; }), undefined);
  assert.equal(ran, false);
  assert.equal(steps.steps[0]?.error, 'pipeline timed out before this step');
});

test('the pool tells when a job starts, after its wait for a slot, not when it is queued', async () => {
  const host = { runner: recordingRunner([]), readMountinfo: async () => '', workerHost: { kind: 'exec' } } as Host;
  const pool = createInThreadPool(host, 1);
  const events: string[] = [];
  const job = (volume: string) => ({ kind: 'execute' as const, volume, vg: 'vgA', entries: [], timeouts: { lvm: 1000, mount: 1000, exportfs: 1000, blkid: 1000, pipeline: 1000 }, gate: createVgGate(['vgA'], 4) });
  const first = pool.execute(job('one'), () => events.push('one started'));
  const second = pool.execute(job('two'), () => events.push('two started'));
  events.push('both queued');
  await Promise.all([first, second]);
  await pool.close();
  assert.deepEqual(events, ['one started', 'both queued', 'two started']);
});
