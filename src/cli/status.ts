// `status`: pool usage, the last run's outcome, and when each volume is snapshotted next.
import { nextMatchingHour } from '../config/match.ts';
import { describePools } from '../report/build-report.ts';
import { pad } from '../report/render-text.ts';
import type { CommandContext } from './context.ts';
import { inspectHost } from './inspect.ts';

/** Look this far ahead for the next matching hour (a rule may match once a year). */
const LOOKAHEAD_HOURS = 366 * 24;

/** Prints the status; exit 0. */
export async function runStatus(context: CommandContext): Promise<number> {
  const { state, inventory, plan, notices } = await inspectHost(context);
  const rules = context.config.expireRules.map((rule) => rule.match);
  // A volume the next run snapshots (its hour matches and has none yet) is due now; for the others, the next hour
  // that matches after this one. A removed section's volume gets none.
  const afterThisHour = nextMatchingHour(rules, new Date(context.now.getTime() + 1), context.config.timezone, LOOKAHEAD_HOURS);
  const configured = new Set(context.config.volumes.map((volume) => volume.name));
  const nextSnapshotOf = (volume: (typeof plan.volumes)[number]): Date | undefined => {
    if (!configured.has(volume.volume)) return undefined;
    return volume.entries.some((entry) => entry.kind === 'create') ? context.now : afterThisHour;
  };
  const volumes = plan.volumes.map((volume) => ({
    volume: volume.volume,
    snapshots: volume.entries.filter((entry) => entry.kind === 'keep' || entry.kind === 'repair').length,
    needsRepair: volume.entries.filter((entry) => entry.kind === 'repair').length,
    expired: volume.entries.filter((entry) => entry.kind === 'expire').length,
    refused: volume.entries.filter((entry) => entry.kind === 'refuse').length,
    nextSnapshot: nextSnapshotOf(volume)?.toISOString(),
  }));
  const status = { now: context.now.toISOString(), timezone: context.config.timezone, enabled: context.config.enabled, lastRun: state.lastRun, pools: describePools(inventory), volumes, orphans: plan.orphans, notices };
  if (context.json) {
    context.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `lvmsnapper ${context.config.enabled ? 'enabled' : 'DISABLED'}, rules evaluated in ${context.config.timezone}`,
    state.lastRun
      ? `last run: ${state.lastRun.command} at ${state.lastRun.finishedAt}, exit ${state.lastRun.exitCode}; last success ${state.lastRun.lastSuccessAt ?? 'never'}`
      : 'last run: never',
    ...status.pools.map((pool) => `pool ${pool.vg}/${pool.pool}: data ${pool.dataPercent?.toFixed(2) ?? '?'}%, metadata ${pool.metadataPercent?.toFixed(2) ?? '?'}%`),
    `${pad('VOLUME', 16)} ${pad('SNAPSHOTS', 9)} ${pad('REPAIR', 6)} ${pad('EXPIRED', 7)} ${pad('REFUSED', 7)} NEXT SNAPSHOT`,
    ...volumes.map((volume) => `${pad(volume.volume, 16)} ${pad(String(volume.snapshots), 9)} ${pad(String(volume.needsRepair), 6)} ${pad(String(volume.expired), 7)} ${pad(String(volume.refused), 7)} ${volume.nextSnapshot ?? 'none within a year'}`),
    ...notices.map((notice) => `notice: ${notice}`),
  ];
  context.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
