// `list`: every snapshot of ours with where it stands (mounted, linked, exported) and what the next run will do.
import { isLvDevice } from '../plan/naming.ts';
import type { PlanEntry } from '../plan/types.ts';
import { pad } from '../report/render-text.ts';
import type { CommandContext } from './context.ts';
import { inspectHost } from './inspect.ts';

export interface SnapshotRow {
  volume: string;
  vg: string;
  lv: string;
  created?: string;
  expires?: string;
  mounted: boolean;
  linked: boolean;
  exported: string[];
  /** live, needs repair, expired, gone, refused. */
  status: string;
  reason: string;
}

const statusOf: Partial<Record<PlanEntry['kind'], string>> = {
  keep: 'live', repair: 'needs repair', expire: 'expired', forget: 'gone', refuse: 'refused',
};

/** Prints the snapshots; exit 0. */
export async function runList(context: CommandContext): Promise<number> {
  const { plan, inventory } = await inspectHost(context);
  const rows: SnapshotRow[] = [];
  for (const volume of plan.volumes) {
    for (const entry of volume.entries) {
      const status = statusOf[entry.kind];
      if (status === undefined) continue;
      if (entry.kind === 'refuse') {
        rows.push({ volume: volume.volume, vg: entry.vg, lv: entry.lv, mounted: false, linked: false, exported: [], status, reason: entry.reason });
        continue;
      }
      if (!('snapshot' in entry)) continue;
      const snapshot = entry.snapshot;
      rows.push({
        volume: volume.volume,
        vg: snapshot.vg,
        lv: snapshot.name,
        created: snapshot.createdAt,
        expires: snapshot.expiresAt,
        mounted: inventory.mounts.some((mount) => mount.target === snapshot.mountDir && isLvDevice(mount.source, snapshot.vg, snapshot.name)),
        linked: inventory.links.some((link) => link.path === snapshot.linkPath && link.target === snapshot.mountDir),
        exported: inventory.exports.filter((item) => item.path === snapshot.mountDir).map((item) => item.client),
        status,
        reason: entry.reason,
      });
    }
  }
  if (context.json) {
    context.stdout.write(`${JSON.stringify({ snapshots: rows, orphans: plan.orphans }, null, 2)}\n`);
    return 0;
  }
  const header = `${pad('VOLUME', 14)} ${pad('LV', 34)} ${pad('CREATED', 20)} ${pad('EXPIRES', 20)} ${pad('MOUNTED', 7)} ${pad('LINKED', 6)} ${pad('EXPORTED', 8)} STATUS`;
  const lines = rows.map((row) => [
    pad(row.volume, 14), pad(`${row.vg}/${row.lv}`, 34), pad(shortTime(row.created), 20), pad(shortTime(row.expires), 20),
    pad(yesNo(row.mounted), 7), pad(yesNo(row.linked), 6), pad(row.exported.length > 0 ? String(row.exported.length) : 'no', 8),
    row.status === 'refused' ? `refused: ${row.reason}` : row.status,
  ].join(' '));
  const orphans = plan.orphans.map((orphan) => `orphan: ${orphan.vg}/${orphan.lv}: ${orphan.reason}`);
  context.stdout.write(`${[header, ...lines, ...orphans].join('\n')}\n`);
  return 0;
}

function shortTime(iso?: string): string {
  return iso === undefined ? '-' : `${iso.slice(0, 16).replace('T', ' ')}Z`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
