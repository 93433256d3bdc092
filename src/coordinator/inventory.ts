// Reads the host once per run: one lvs for every VG involved, the mount table, the export table, and the @GMT
// entries of every snapdir and linkdir.
import type { CommandTimeouts, Config } from '../config/types.ts';
import { HostError } from '../errors.ts';
import { describeFailure, succeeded } from '../host/command.ts';
import type { Host } from '../host/host.ts';
import type { Inventory } from '../host/inventory-types.ts';
import { parseMountinfo } from '../host/mountinfo.ts';
import { listGmtDirs, listGmtLinks } from '../host/paths.ts';
import { buildLvsArgv, parseLvsComplaints, parseLvsReport } from '../lvm/lvs.ts';
import { buildExportListArgv, parseExportfsVerbose } from '../nfs/exportfs.ts';
import { parentOf, unique } from '../plan/volume-view.ts';
import type { State } from '../state/state-schema.ts';

/** The folders and VGs a run looks at: those of the config and those the journal still records. */
export interface InventoryScope {
  vgs: string[];
  snapdirs: string[];
  linkdirs: string[];
  nfsInUse: boolean;
}

/** What to read for this config and journal. */
export function describeInventoryScope(config: Config, state: State): InventoryScope {
  const journal = Object.values(state.snapshots);
  return {
    vgs: unique([...config.volumes.map((volume) => volume.vg), ...journal.map((entry) => entry.vg)]),
    snapdirs: unique([...config.volumes.map((volume) => volume.snapdir), ...journal.map((entry) => parentOf(entry.mountDir))]),
    linkdirs: unique([
      ...config.volumes.flatMap((volume) => (volume.linkdir ? [volume.linkdir] : [])),
      ...journal.flatMap((entry) => (entry.linkPath ? [parentOf(entry.linkPath)] : [])),
    ]),
    nfsInUse: config.volumes.some((volume) => volume.nfsExports.length > 0) || journal.some((entry) => entry.exportClients.length > 0),
  };
}

/** Reads everything; throws HostError when LVM cannot be read at all. */
export async function readInventory(host: Host, scope: InventoryScope, timeouts: CommandTimeouts): Promise<Inventory> {
  // The commands start first, so the folders are read (synchronously, see listGmtDirs) while lvs runs.
  const commands = [
    readLvs(host, scope.vgs, timeouts.lvm),
    host.readMountinfo(),
    readExports(host, scope.nfsInUse, timeouts.exportfs),
  ] as const;
  let folders: Pick<Inventory, 'links' | 'mountDirs'>;
  try {
    folders = { links: scope.linkdirs.flatMap(listGmtLinks), mountDirs: scope.snapdirs.flatMap(listGmtDirs) };
  } catch (error) {
    // The run ends here, but not before the commands it started have.
    await Promise.allSettled(commands);
    throw error;
  }
  const [lvm, mountinfo, exports] = await Promise.all(commands);
  return { ...lvm, mounts: parseMountinfo(mountinfo), exports, ...folders };
}

/**
 * One lvs for all VGs. A missing VG is reported by lvm with exit 5 while the others are still listed; exit 5 is
 * accepted only when missing VGs are all it complains about, as a VG it could not read would look empty, and its
 * snapshots' journal entries would be taken for LVs removed by hand.
 */
export async function readLvs(host: Host, vgs: string[], timeoutMs: number): Promise<Pick<Inventory, 'lvs' | 'missingVgs'>> {
  if (vgs.length === 0) return { lvs: [], missingVgs: [] };
  const result = await host.runner.run({ argv: buildLvsArgv(vgs), timeoutMs });
  const { missingVgs, otherErrors } = parseLvsComplaints(result.stderr);
  if (!succeeded(result) && !(result.exitCode === 5 && missingVgs.length > 0 && otherErrors.length === 0)) {
    throw new HostError(`cannot read the LVM inventory: ${describeFailure(result)}`);
  }
  try {
    return { lvs: parseLvsReport(result.stdout), missingVgs };
  } catch (error) {
    throw new HostError(`cannot read the LVM inventory: ${(error as Error).message}`);
  }
}

/** The kernel's export table; without NFS in the config, a host without exportfs is fine. */
async function readExports(host: Host, nfsInUse: boolean, timeoutMs: number): Promise<Inventory['exports']> {
  const result = await host.runner.run({ argv: buildExportListArgv(), timeoutMs });
  if (succeeded(result)) return parseExportfsVerbose(result.stdout);
  if (!nfsInUse) return [];
  throw new HostError(`cannot read the NFS export table: ${describeFailure(result)}`);
}
