// `check`: validates the host for the config without changing anything: LVM present, VGs, origins and pools as the
// config says, folders, NFS tools, the state file.
import { stat } from 'node:fs/promises';
import type { Config } from '../config/types.ts';
import { describeInventoryScope, readInventory } from '../coordinator/inventory.ts';
import { describeFailure, succeeded } from '../host/command.ts';
import type { LogicalVolume } from '../host/inventory-types.ts';
import { buildVersionArgv } from '../lvm/commands.ts';
import { decodeLvAttr } from '../lvm/lv-attr.ts';
import { buildExportListArgv } from '../nfs/exportfs.ts';
import { poolRoom } from '../plan/plan-volume.ts';
import { readStateForInspection } from '../state/state-store.ts';
import type { CommandContext } from './context.ts';

interface CheckResult {
  ok: boolean;
  what: string;
  detail: string;
}

/** Runs every check, prints them, exit 1 if any failed. */
export async function runCheck(context: CommandContext): Promise<number> {
  const { config } = context;
  const results: CheckResult[] = [{ ok: true, what: 'config', detail: `${config.path}: ${config.volumes.length} volumes, ${config.expireRules.length} expire rules` }];
  const add = (ok: boolean, what: string, detail: string) => results.push({ ok, what, detail });

  const version = await context.host.runner.run({ argv: buildVersionArgv(), timeoutMs: config.timeouts.lvm });
  add(succeeded(version), 'lvm', succeeded(version) ? firstLine(version.stdout) : describeFailure(version));

  const { state, notices } = await readStateForInspection(config.statefile, config.lvmTag);
  add(notices.length === 0, 'state', notices[0] ?? `${config.statefile}: ${Object.keys(state.snapshots).length} snapshots recorded`);

  if (succeeded(version)) {
    try {
      const inventory = await readInventory(context.host, describeInventoryScope(config, state), config.timeouts);
      const byName = new Map(inventory.lvs.map((lv) => [`${lv.vg}/${lv.name}`, lv]));
      for (const volume of config.volumes) {
        const id = `${volume.vg}/${volume.lv}`;
        if (inventory.missingVgs.includes(volume.vg)) { add(false, volume.name, `volume group ${volume.vg} not found`); continue; }
        const origin = byName.get(id);
        if (origin === undefined) { add(false, volume.name, `${id} not found`); continue; }
        const attr = decodeLvAttr(origin.attr);
        if (volume.snapshotType === 'thin') {
          const pool = origin.pool ? byName.get(`${volume.vg}/${origin.pool}`) : undefined;
          if (!attr.isThinVolume) add(false, volume.name, `${id} is not a thin volume (lv_attr ${origin.attr}); use snapshot_type = thick`);
          else add(...checkPool(volume.name, id, origin.pool, pool, config));
        } else {
          add(!attr.isThinVolume, volume.name, attr.isThinVolume ? `${id} is a thin volume: a thick snapshot of it is refused by LVM; use snapshot_type = thin` : `${id} takes classic snapshots of ${volume.snapshotSize}`);
        }
      }
    } catch (error) {
      add(false, 'inventory', (error as Error).message);
    }
  }

  for (const volume of config.volumes) {
    for (const [what, dir] of [['snapdir', volume.snapdir], ['linkdir', volume.linkdir]] as const) {
      if (dir === undefined) continue;
      const kind = await describeDir(dir);
      add(kind !== 'not a folder', `${volume.name} ${what}`, `${dir}: ${kind}`);
    }
  }

  if (config.volumes.some((volume) => volume.nfsExports.length > 0)) {
    const exportfs = await context.host.runner.run({ argv: buildExportListArgv(), timeoutMs: config.timeouts.exportfs });
    add(succeeded(exportfs), 'nfs', succeeded(exportfs) ? 'exportfs answers' : describeFailure(exportfs));
  }

  const failed = results.filter((result) => !result.ok);
  if (context.json) context.stdout.write(`${JSON.stringify({ ok: failed.length === 0, checks: results }, null, 2)}\n`);
  else context.stdout.write(`${results.map((result) => `${result.ok ? 'ok  ' : 'FAIL'} ${result.what}: ${result.detail}`).join('\n')}\n`);
  return failed.length === 0 ? 0 : 1;
}

/** A thin volume's pool as a run would find it: one over a limit gets no snapshot (pool_full), nor one without usage. */
function checkPool(name: string, id: string, poolName: string, pool: LogicalVolume | undefined, config: Config): [boolean, string, string] {
  if (pool === undefined) return [false, name, `${id}: its thin pool ${poolName} is not in the inventory`];
  const usage = `data ${pool.dataPercent ?? '?'}%, metadata ${pool.metadataPercent ?? '?'}%`;
  const room = poolRoom(pool, config);
  if (room.kind === 'unknown') return [false, name, `${id} is thin in pool ${poolName}, which reports no usage (${usage}): is it active?`];
  if (room.kind === 'full') {
    return [false, name, `${id} is thin in pool ${poolName} at ${usage}, over the limits of ${config.maxPoolDataPercent}% and `
      + `${config.maxPoolMetadataPercent}%: runs take no snapshot of it (pool_full)`];
  }
  return [true, name, `${id} is thin in pool ${poolName} (${usage})`];
}

async function describeDir(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? 'exists' : 'not a folder';
  } catch {
    return 'missing (created with the first snapshot)';
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
