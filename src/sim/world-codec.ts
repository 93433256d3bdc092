// world.json: the world as one versioned JSON document, shared by the in-process host and the fake executables.
// Pure.

import type { ExportRecord, Lv, Vg, World } from './world.ts';
import { Etab } from './export-etab.ts';

/** The `format` every world.json carries. */
export const WORLD_FORMAT = 'lvmsnapper-sim-world';
/** The world.json version this code reads and writes. */
export const WORLD_VERSION = 1;

type StoredVg = Omit<Vg, 'lvs' | 'sorted' | 'dependents'> & { lvs: Lv[] };
type StoredWorld = Omit<World, 'vgs' | 'mountIndex' | 'exports'> & { format: string; version: number; vgs: StoredVg[]; exports: ExportRecord[] };

/** world.json text for a world. */
export function encodeWorld(world: World): string {
  const { mountIndex: _cache, ...saved } = world;
  const stored: StoredWorld = {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    ...saved,
    exports: world.exports.listRecords(),
    vgs: [...world.vgs.values()].map(({ name, sizeBytes, extentBytes, lvs }) => ({ name, sizeBytes, extentBytes, lvs: [...lvs.values()] })),
  };
  return `${JSON.stringify(stored)}\n`;
}

const ARRAYS = ['vgs', 'mounts', 'exports', 'etcExports', 'faults'] as const;
const NUMBERS = ['revision', 'randomState', 'nextMountId', 'nextDmMinor'] as const;

/** The world in a world.json text; throws with the reason when it is not one this version reads. */
export function decodeWorld(text: string, source = 'world.json'): World {
  let stored: Partial<StoredWorld>;
  try {
    stored = JSON.parse(text) as Partial<StoredWorld>;
  } catch (error) {
    throw new Error(`${source}: not JSON: ${(error as Error).message}`);
  }
  if (stored === null || typeof stored !== 'object' || stored.format !== WORLD_FORMAT) {
    throw new Error(`${source}: not a simulated host world (format is not "${WORLD_FORMAT}")`);
  }
  if (stored.version !== WORLD_VERSION) {
    throw new Error(`${source}: world version ${String(stored.version)} is not supported (this simulator reads version ${WORLD_VERSION})`);
  }
  for (const key of ARRAYS) if (!Array.isArray(stored[key])) throw new Error(`${source}: "${key}" must be an array`);
  for (const key of NUMBERS) if (typeof stored[key] !== 'number') throw new Error(`${source}: "${key}" must be a number`);
  if (stored.clockMs !== null && typeof stored.clockMs !== 'number') throw new Error(`${source}: "clockMs" must be a number or null`);
  if (typeof stored.latency !== 'object' || stored.latency === null) throw new Error(`${source}: "latency" must be an object`);
  const { format: _format, version: _version, vgs, exports, ...rest } = stored as StoredWorld;
  return {
    ...rest,
    exports: Etab.from(exports),
    vgs: new Map(vgs.map((vg) => [vg.name, { name: vg.name, sizeBytes: vg.sizeBytes, extentBytes: vg.extentBytes, lvs: new Map(vg.lvs.map((lv) => [lv.name, lv])) }])),
  };
}
