// The Prometheus textfile a run leaves behind, read back as node_exporter's textfile collector would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { createSimSite } from './support/sim-site.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 3 hours\n';

/** `name{labels} value` lines of a textfile, without HELP and TYPE. */
function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

test('a run writes the metrics textfile: snapshots per volume, failures, pool usage, exit code and last success', async () => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4' },
    { name: 'data', vg: 'vgB', fs: 'xfs' },
  ], rules: RULES });
  await site.runAt(new Date('2026-12-01T10:00:00Z'));
  const { code } = await site.runAt(new Date('2026-12-01T11:00:00Z'));
  assert.equal(code, 0);
  const text = await readFile(site.paths.metrics, 'utf8');
  const samples = samplesOf(text);
  assert.equal(samples.get('lvmsnapper_snapshots{volume="home"}'), 2);
  assert.equal(samples.get('lvmsnapper_snapshots{volume="data"}'), 2);
  assert.equal(samples.get('lvmsnapper_volume_failed{volume="home",status="ok"}'), 0);
  assert.equal(samples.get('lvmsnapper_last_run_exit_code'), 0);
  assert.equal(samples.get('lvmsnapper_last_run_timestamp_seconds'), samples.get('lvmsnapper_last_success_timestamp_seconds'));
  const poolData = samples.get('lvmsnapper_pool_data_percent{vg="vgA",pool="pool"}');
  assert.ok(poolData !== undefined && poolData > 0 && poolData < 100, `vgA/pool data percent: ${poolData}`);
  assert.match(text, /^# TYPE lvmsnapper_snapshots gauge$/m);
  assert.equal((await stat(site.paths.metrics)).mode & 0o777, 0o644, 'world-readable for the collector');
});
