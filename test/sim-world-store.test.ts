// A world in a folder: saved as versioned world.json and a mountinfo file after every change, loaded again by a
// later host, refused with its reason when it is not a world this version reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createSimHost, locateWorldFiles } from '../src/sim/index.ts';
import { decodeWorld, encodeWorld } from '../src/sim/world-codec.ts';
import { createWorld } from '../src/sim/world.ts';
import { makeTempDir } from './support/temp-dir.ts';

const GiB = 1024 ** 3;

test('a world saved in a folder is the same world for the next host, latency and fault counts included', async () => {
  const dir = makeTempDir('sim-store');
  const first = createSimHost({ dir, seed: 31, latency: { mount: { startMs: 5, lockedMs: 1 } } });
  first.control.createVg({ name: 'vg0', sizeBytes: 20 * GiB });
  first.control.createThinPool({ vg: 'vg0', name: 'pool', sizeBytes: 10 * GiB });
  first.control.createVolume({ vg: 'vg0', name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'xfs', mountAt: '/srv/home' });
  first.control.injectFault({ kind: 'lvs', nth: 5, effect: { type: 'hang' } });
  await first.runner.run({ argv: ['lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_name'], timeoutMs: 0 });
  await first.runner.run({ argv: ['exportfs', '-o', 'ro', `h1:${dir}`], timeoutMs: 0 });

  const second = createSimHost({ dir, seed: 99 });
  assert.deepEqual(second.control.listLvs(), first.control.listLvs());
  assert.deepEqual(second.control.listExports(), first.control.listExports());
  assert.deepEqual(second.control.listFaults().map((fault) => fault.seen), [1]);
  assert.equal(second.mountinfo(), first.mountinfo());
  assert.equal(await readFile(locateWorldFiles(dir).mountinfo, 'utf8'), first.mountinfo());
  const saved = JSON.parse(await readFile(locateWorldFiles(dir).world, 'utf8')) as { latency: unknown; version: number };
  assert.deepEqual([saved.version, saved.latency], [1, { mount: { startMs: 5, lockedMs: 1 } }]);
});

test('world.json of another format or version, or not JSON, is refused with the reason', () => {
  const text = encodeWorld(createWorld(1));
  assert.equal(decodeWorld(text).vgs.size, 0);
  assert.throws(() => decodeWorld(text.replace('"version":1', '"version":2')), /world version 2 is not supported \(this simulator reads version 1\)/);
  assert.throws(() => decodeWorld('{"format":"other"}'), /not a simulated host world/);
  assert.throws(() => decodeWorld('{'), /not JSON/);
  assert.throws(() => decodeWorld(JSON.stringify({ ...JSON.parse(text), mounts: {} })), /"mounts" must be an array/);
});
