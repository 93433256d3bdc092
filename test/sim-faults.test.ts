// Injected faults: the nth call of a kind fails or hangs, optionally only calls mentioning some text; a hang
// ends at the caller's deadline like execa's kill; a fault "after" the work leaves the work done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimHost } from '../src/sim/index.ts';
import { createSimHost } from '../src/sim/index.ts';

const GiB = 1024 ** 3;

function host(): SimHost {
  const sim = createSimHost({ seed: 13 });
  for (const vg of ['vgA', 'vgB']) {
    sim.control.createVg({ name: vg, sizeBytes: 20 * GiB });
    sim.control.createThinPool({ vg, name: 'pool', sizeBytes: 10 * GiB });
    sim.control.createVolume({ vg, name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4' });
  }
  return sim;
}

const create = (sim: SimHost, vg: string, name: string, timeoutMs = 0) =>
  sim.runner.run({ argv: ['lvm', 'lvcreate', '-s', '-kn', '-n', name, `${vg}/home`], timeoutMs });
const names = (sim: SimHost): string[] => sim.control.listLvs().map((lv) => `${lv.vg}/${lv.name}`).filter((name) => name.includes('-'));

test('the nth matching call fails with the given exit code and stderr, and changes nothing', async () => {
  const sim = host();
  sim.control.injectFault({ kind: 'lvcreate', nth: 2, argvIncludes: 'vgB/', effect: { type: 'fail', exitCode: 5, stderr: '  Device busy\n' } });
  const results = [await create(sim, 'vgB', 's-1'), await create(sim, 'vgA', 's-2'), await create(sim, 'vgB', 's-3'), await create(sim, 'vgB', 's-4')];
  assert.deepEqual(results.map((result) => [result.exitCode, result.stderr]), [[0, ''], [0, ''], [5, '  Device busy\n'], [0, '']]);
  assert.deepEqual(names(sim), ['vgA/s-2', 'vgB/s-1', 'vgB/s-4']);
  assert.deepEqual(sim.control.listFaults().map((fault) => fault.seen), [3]);
});

test('a hang ends at the deadline: timed out, no exit code, nothing done', async () => {
  const sim = host();
  sim.control.injectFault({ kind: 'lvcreate', effect: { type: 'hang' } });
  const result = await create(sim, 'vgA', 's-1', 20);
  assert.deepEqual([result.exitCode, result.timedOut, result.stdout, result.stderr], [null, true, '', '']);
  assert.deepEqual(names(sim), []);
  assert.equal((await create(sim, 'vgA', 's-2')).exitCode, 0);
});

test('a hang after the work keeps the VG lock until the deadline, and the work is done', async () => {
  const sim = host();
  sim.control.injectFault({ kind: 'lvcreate', effect: { type: 'hang' }, when: 'after' });
  const [stuck, next] = await Promise.all([create(sim, 'vgA', 's-1', 30), create(sim, 'vgA', 's-2')]);
  assert.deepEqual([stuck.timedOut, next.exitCode], [true, 0]);
  assert.deepEqual(names(sim), ['vgA/s-1', 'vgA/s-2']);
  assert.deepEqual(sim.control.lockEvents().map((event) => `${event.event} ${event.holder.split(' ').at(-2)}`),
    ['acquire s-1', 'release s-1', 'acquire s-2', 'release s-2']);
});

test('a failure after the work reports the failure although the work is done', async () => {
  const sim = host();
  sim.control.injectFault({ kind: 'lvremove', when: 'after', times: 2, effect: { type: 'fail', exitCode: 5, stderr: '  Failed to update pool\n' } });
  await create(sim, 'vgA', 's-1');
  const result = await sim.runner.run({ argv: ['lvm', 'lvremove', '-y', 'vgA/s-1'], timeoutMs: 0 });
  assert.deepEqual([result.exitCode, result.stdout, result.stderr], [5, '', '  Failed to update pool\n']);
  assert.deepEqual(names(sim), []);
});

test('a fault spec that could never fire is refused', () => {
  assert.throws(() => host().control.injectFault({ kind: 'mount', nth: 0, effect: { type: 'hang' } }), /nth must be a whole number from 1/);
});
