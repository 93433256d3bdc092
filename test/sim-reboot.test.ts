// A simulated reboot: skip-flagged LVs come back inactive, the others active; fstab mounts come back, snapshot
// mounts do not; the export table is /etc/exports again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimHost } from '../src/sim/index.ts';
import { makeTempDir } from './support/temp-dir.ts';

const GiB = 1024 ** 3;

test('after a reboot only fstab mounts, /etc/exports and LVs without the skip flag are back', async () => {
  const root = makeTempDir('sim-reboot');
  const host = createSimHost({ seed: 17 });
  const c = host.control;
  c.createVg({ name: 'vg0', sizeBytes: 20 * GiB });
  c.createThinPool({ vg: 'vg0', name: 'pool', sizeBytes: 10 * GiB });
  c.createVolume({ vg: 'vg0', name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4', mountAt: '/srv/home' });
  c.setEtcExports([{ client: '10.0.0.0/8', path: '/srv/home', options: 'rw' }]);
  const run = (...argv: string[]) => host.runner.run({ argv, timeoutMs: 0 });
  await run('lvm', 'lvcreate', '-s', '-n', 'flagged', 'vg0/home');
  await run('lvm', 'lvchange', '-ay', '-K', 'vg0/flagged');
  await run('lvm', 'lvcreate', '-s', '-kn', '-n', 'plain', 'vg0/home');
  for (const name of ['flagged', 'plain']) {
    await mkdir(join(root, name));
    assert.equal((await run('mount', '-o', 'ro', `/dev/vg0/${name}`, join(root, name))).exitCode, 0);
    assert.equal((await run('exportfs', '-o', 'ro', `10.1.1.1:${join(root, name)}`)).exitCode, 0);
  }

  c.simulateReboot();

  assert.deepEqual(c.listLvs().map((lv) => `${lv.name} ${lv.attr}`),
    ['pool twi-aotz--', 'home Vwi-aotz--', 'flagged Vwi---tz-k', 'plain Vwi-a-tz--']);
  assert.deepEqual(c.listMounts().map((mount) => mount.target), ['/', '/srv/home']);
  assert.deepEqual(c.listExports().map((entry) => `${entry.client}:${entry.path}`), ['10.0.0.0/8:/srv/home']);
  assert.equal((await run('mount', '-o', 'ro', '/dev/vg0/plain', join(root, 'plain'))).exitCode, 0);
  assert.match((await run('mount', '-o', 'ro', '/dev/vg0/flagged', join(root, 'flagged'))).stderr, /special device \/dev\/vg0\/flagged does not exist/);
});
