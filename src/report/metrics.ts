// The Prometheus textfile (node_exporter's textfile collector): snapshots per volume, last success, failures,
// pool usage. Written atomically so the collector never reads half a file.
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ensureDir } from '../host/paths.ts';
import type { State } from '../state/state-schema.ts';
import type { RunReport } from './types.ts';

/** The metrics text for a finished run. */
export async function renderMetrics(report: RunReport, state: State): Promise<string> {
  // Only the two files a textfile needs (src/types/prom-client-lib.d.ts). prom-client is CommonJS: each file's
  // export is the default export both under Node and in the bundle.
  const [{ default: Registry }, { default: Gauge }] = await Promise.all([import('prom-client/lib/registry'), import('prom-client/lib/gauge')]);
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const snapshots = gauge('lvmsnapper_snapshots', 'Snapshots of the volume recorded in the journal', ['volume']);
  for (const volume of report.volumes) snapshots.set({ volume: volume.volume }, 0);
  for (const entry of Object.values(state.snapshots)) snapshots.inc({ volume: entry.volume });

  const failures = gauge('lvmsnapper_volume_failed', '1 when the volume failed, was refused or hit a full pool in the last run', ['volume', 'status']);
  for (const volume of report.volumes) {
    failures.set({ volume: volume.volume, status: volume.status }, ['failed', 'refused', 'pool_full'].includes(volume.status) ? 1 : 0);
  }

  const poolData = gauge('lvmsnapper_pool_data_percent', 'Thin pool data usage', ['vg', 'pool']);
  const poolMetadata = gauge('lvmsnapper_pool_metadata_percent', 'Thin pool metadata usage', ['vg', 'pool']);
  for (const pool of report.pools) {
    if (pool.dataPercent !== undefined) poolData.set({ vg: pool.vg, pool: pool.pool }, pool.dataPercent);
    if (pool.metadataPercent !== undefined) poolMetadata.set({ vg: pool.vg, pool: pool.pool }, pool.metadataPercent);
  }

  gauge('lvmsnapper_last_run_exit_code', 'Exit code of the last run').set(report.exitCode);
  gauge('lvmsnapper_last_run_timestamp_seconds', 'When the last run finished').set(Date.parse(report.finishedAt) / 1000);
  gauge('lvmsnapper_last_run_duration_seconds', 'How long the last run took').set(report.durationMs / 1000);
  const lastSuccess = state.lastRun?.lastSuccessAt;
  if (lastSuccess !== undefined) {
    gauge('lvmsnapper_last_success_timestamp_seconds', 'When a run last finished with exit code 0').set(Date.parse(lastSuccess) / 1000);
  }
  return registry.metrics();
}

/**
 * Writes the metrics file atomically, world-readable for the collector. Its folder is made if missing, as the
 * lock's and the state's are: on a new host the collector's folder may not exist before the first run.
 */
export async function writeMetricsFile(path: string, text: string): Promise<void> {
  await ensureDir(dirname(path));
  await writeFileAtomic(path, text, { mode: 0o644 });
}
