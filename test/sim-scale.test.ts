// The simulated host at the scale the product must handle: 5,000 origin volumes and 20,000 snapshots. The time
// of one lvs of everything is printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimHost } from '../src/sim/index.ts';

const GiB = 1024 ** 3;
const VGS = ['vg0', 'vg1', 'vg2', 'vg3', 'vg4'];
const ORIGINS_PER_VG = 1000;
const SNAPSHOTS_PER_ORIGIN = 4;

test('an lvs of 25,000 LVs over five VGs', (t) => {
  const host = createSimHost({ seed: 23 });
  const c = host.control;
  const built = performance.now();
  for (const vg of VGS) {
    c.createVg({ name: vg, sizeBytes: 100 * 1024 * GiB });
    c.createThinPool({ vg, name: 'pool', sizeBytes: 50 * 1024 * GiB });
    for (let i = 0; i < ORIGINS_PER_VG; i += 1) {
      c.createVolume({ vg, name: `vol${i}`, pool: 'pool', sizeBytes: 10 * GiB, mountAt: `/srv/${vg}/vol${i}` });
      for (let s = 0; s < SNAPSHOTS_PER_ORIGIN; s += 1) c.createSnapshot({ vg, name: `vol${i}-2026120${s}100000`, origin: `vol${i}`, tags: ['snapper'] });
    }
  }
  t.diagnostic(`built 5,000 origins and 20,000 snapshots in ${Math.round(performance.now() - built)} ms`);
  return (async () => {
    const argv = ['lvm', 'lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o',
      'lv_name,vg_name,lv_uuid,lv_attr,lv_size,pool_lv,origin,lv_tags,data_percent,metadata_percent,snap_percent,lv_time,lv_skip_activation,lv_active,segtype', ...VGS];
    for (const round of ['first (sorts)', 'second']) {
      const started = performance.now();
      const result = await host.runner.run({ argv, timeoutMs: 0 });
      t.diagnostic(`lvs of everything, ${round}: ${(performance.now() - started).toFixed(1)} ms, ${(result.stdout.length / 1e6).toFixed(1)} MB`);
      assert.equal(result.exitCode, 0);
      assert.equal(result.stdout.split('\n').filter((line) => line.includes('"lv_name"')).length, VGS.length * (1 + ORIGINS_PER_VG * (1 + SNAPSHOTS_PER_ORIGIN)));
    }
  })();
});
