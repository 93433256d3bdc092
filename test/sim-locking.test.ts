// The simulated host's per-VG lock and latency model: lvm commands changing one VG take turns, commands in two
// VGs overlap, lvs does not wait, and a batch costs one fixed part plus one item per LV. Measured by the order of
// lock events, never by wall-clock time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LockEvent, SimHost } from '../src/sim/index.ts';
import { createSimHost } from '../src/sim/index.ts';
import { planCommand } from '../src/sim/interpreter.ts';
import { computeStepDelayMs } from '../src/sim/latency.ts';

const GiB = 1024 ** 3;

function twoVgHost(): SimHost {
  const host = createSimHost({ seed: 11, latency: { lvcreate: { startMs: 1, lockedMs: 30 }, lvremove: { startMs: 1, lockedMs: 30, perItemMs: 5 } } });
  for (const vg of ['vgA', 'vgB']) {
    host.control.createVg({ name: vg, sizeBytes: 20 * GiB });
    host.control.createThinPool({ vg, name: 'pool', sizeBytes: 10 * GiB });
    host.control.createVolume({ vg, name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4' });
  }
  return host;
}

const snapshot = (host: SimHost, vg: string, name: string) =>
  host.runner.run({ argv: ['lvm', 'lvcreate', '-s', '-kn', '-n', name, `${vg}/home`], timeoutMs: 0 });

const trace = (events: readonly LockEvent[]): string[] => events.map((event) => `${event.event} ${event.lock} ${event.holder.split(' ').at(-2)}`);

test('two lvcreates in one VG take turns on its lock', async () => {
  const host = twoVgHost();
  const results = await Promise.all([snapshot(host, 'vgA', 'one'), snapshot(host, 'vgA', 'two')]);
  assert.deepEqual(results.map((result) => result.exitCode), [0, 0]);
  assert.deepEqual(trace(host.control.lockEvents()), ['acquire V_vgA one', 'release V_vgA one', 'acquire V_vgA two', 'release V_vgA two']);
});

test('lvcreates in two VGs hold their locks at the same time', async () => {
  const host = twoVgHost();
  await Promise.all([snapshot(host, 'vgA', 'one'), snapshot(host, 'vgB', 'two')]);
  assert.deepEqual(trace(host.control.lockEvents()).slice(0, 2), ['acquire V_vgA one', 'acquire V_vgB two']);
});

test('lvs does not wait for a VG lock: it answers with the state before the pending change', async () => {
  const host = twoVgHost();
  const finished: string[] = [];
  const creating = snapshot(host, 'vgA', 'pending').then(() => finished.push('lvcreate'));
  await new Promise((resolve) => setTimeout(resolve, 10)); // lvcreate is now inside its lock
  const report = await host.runner.run({ argv: ['lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_name', 'vgA'], timeoutMs: 0 });
  finished.push('lvs');
  await creating;
  assert.deepEqual(finished, ['lvs', 'lvcreate']);
  assert.doesNotMatch(report.stdout, /pending/);
  assert.equal(trace(host.control.lockEvents()).length, 2);
});

test('one lvremove of N LVs costs its fixed part once plus N items; each VG is its own step under its own lock', () => {
  const plan = planCommand(['lvm', 'lvremove', '-y', 'vgB/x', 'vgA/a', 'vgA/b', 'vgA/c'])!;
  assert.deepEqual(plan.steps.map((step) => [step.lock, step.items]), [['V_vgA', 3], ['V_vgB', 1]]);
  const latency = { startMs: 100, lockedMs: 300, perItemMs: 50 };
  assert.equal(computeStepDelayMs(latency, 3), 450);
  assert.ok(computeStepDelayMs(latency, 3) + latency.startMs < 3 * (latency.startMs + computeStepDelayMs(latency, 1)));
});

test('a command killed at its deadline while waiting for a lock leaves no trace and releases nothing it never held', async () => {
  const host = twoVgHost();
  const [first, second] = await Promise.all([
    snapshot(host, 'vgA', 'first'),
    host.runner.run({ argv: ['lvm', 'lvcreate', '-s', '-kn', '-n', 'late', 'vgA/home'], timeoutMs: 15 }),
  ]);
  assert.equal(first.exitCode, 0);
  assert.deepEqual([second.exitCode, second.timedOut], [null, true]);
  assert.equal(host.control.listLvs().some((lv) => lv.name === 'late'), false);
  assert.deepEqual(trace(host.control.lockEvents()), ['acquire V_vgA first', 'release V_vgA first']);
});
