// The Prometheus textfile a run leaves behind, read back as node_exporter's textfile collector would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** A site whose config names `metricsFile` instead of the default. */
async function siteWritingMetricsTo(relativePath: string) {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  const metricsFile = join(site.root, relativePath);
  const config = await readFile(site.paths.config, 'utf8');
  await writeFile(site.paths.config, config.replace(`metrics_file = ${site.paths.metrics}`, `metrics_file = ${metricsFile}`));
  return { site, metricsFile };
}

test('the metrics file\'s folder is made when it does not exist yet (a new host)', async () => {
  const { site, metricsFile } = await siteWritingMetricsTo('node-exporter/textfile/lvmsnapper.prom');
  const { code } = await site.runAt(new Date('2026-12-01T10:00:00Z'));
  assert.equal(code, 0);
  assert.equal(samplesOf(await readFile(metricsFile, 'utf8')).get('lvmsnapper_snapshots{volume="home"}'), 1);
});

test('a metrics file that cannot be written leaves the run\'s work and report standing, names it, and exits 1', async () => {
  const { site, metricsFile } = await siteWritingMetricsTo('not-a-folder/lvmsnapper.prom');
  await writeFile(join(site.root, 'not-a-folder'), 'a file where the folder should be\n');
  const result = await site.cli(['--now', '2026-12-01T10:00:00Z', '--json', 'run']);
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as { exitCode: number; notices: string[]; volumes: Array<{ status: string }> };
  assert.equal(report.exitCode, 1);
  assert.deepEqual(report.volumes.map((volume) => volume.status), ['ok']);
  assert.equal(report.notices.length, 1);
  assert.ok(report.notices[0]!.startsWith(`metrics_file ${metricsFile} was not written: `), report.notices[0]);
  assert.deepEqual(site.sim.control.listLvs().filter((lv) => lv.origin === 'home').map((lv) => lv.name), ['home-20261201100000']);
  const state = JSON.parse(await readFile(site.paths.state, 'utf8')) as { snapshots: Record<string, { phase: string }> };
  assert.deepEqual(Object.entries(state.snapshots).map(([key, { phase }]) => [key, phase]), [['vgA/home-20261201100000', 'live']], 'the journal recorded the snapshot');
  const text = await site.cli(['--now', '2026-12-01T10:30:00Z', 'run']);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^notice: metrics_file .* was not written: /m, 'under cron the notice is printed, so it is mailed');
});
