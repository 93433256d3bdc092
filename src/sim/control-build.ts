// Building a world directly, as an administrator would have set the host up before lvmsnapper runs: VGs, thin
// pools, volumes with file systems (mounted from fstab), and snapshots made earlier. Pure: every function
// changes the world it is given, and throws on a spec that could not exist on a real host.

import type { FsType, Lv, Vg, World } from './world.ts';
import { findLvNameProblem, normalizeTag } from './lvm-common.ts';
import { parseMountOptions, renderMountOptions, renderSuperOptions } from './mount-options.ts';
import { buildMapperPath } from './devices.ts';
import { drawFsUuid } from './random.ts';
import { addLv, addMount, makeLv, copyFilesystemForSnapshot } from './world-ops.ts';
import { DEFAULT_EXTENT_BYTES, touch, computeVgFreeBytes } from './world.ts';
import { roundUpToExtent } from './units.ts';

/** A volume group. */
export interface VgSpec {
  name: string;
  sizeBytes: number;
  extentBytes?: number;
}

/** What every LV spec may fix instead of drawing it: uuid, creation time, tags. */
export interface LvIdentity {
  uuid?: string;
  createdAt?: Date;
  tags?: string[];
}

/** A thin pool. */
export interface PoolSpec extends LvIdentity {
  vg: string;
  name: string;
  sizeBytes: number;
  /** Default: lvm's estimate, 64 bytes per 64 KiB chunk, at least 2 MiB, in whole extents. */
  metadataBytes?: number;
  dataPercent?: number;
  metadataPercent?: number;
}

/** A volume: thin when `pool` is given, linear otherwise; with a file system, mounted from fstab at `mountAt`. */
export interface VolumeSpec extends LvIdentity {
  vg: string;
  name: string;
  sizeBytes: number;
  pool?: string;
  fs?: FsType | null;
  fsUuid?: string;
  dataPercent?: number;
  mountAt?: string;
  /** Mount options for `mountAt` (default rw). */
  mountOptions?: string[];
}

/** A snapshot made earlier: thin when its origin is thin and no size is given, classic otherwise. */
export interface SnapshotSpec extends LvIdentity {
  vg: string;
  name: string;
  origin: string;
  sizeBytes?: number;
  active?: boolean;
  skipActivation?: boolean;
  dataPercent?: number;
}

/** The VG `name`, or an error. */
export function requireVg(world: World, name: string): Vg {
  const vg = world.vgs.get(name);
  if (vg === undefined) throw new Error(`no volume group "${name}"`);
  return vg;
}

/** The LV `vgName/name`, or an error. */
export function requireLv(world: World, vgName: string, name: string): Lv {
  const lv = requireVg(world, vgName).lvs.get(name);
  if (lv === undefined) throw new Error(`no logical volume "${vgName}/${name}"`);
  return lv;
}

function requireNewName(vg: Vg, name: string): void {
  const problem = findLvNameProblem(name);
  if (problem !== undefined) throw new Error(problem);
  if (vg.lvs.has(name)) throw new Error(`logical volume "${vg.name}/${name}" already exists`);
}

function requireSpace(vg: Vg, bytes: number): void {
  if (bytes > computeVgFreeBytes(vg)) throw new Error(`volume group "${vg.name}" has ${computeVgFreeBytes(vg)} bytes free, ${bytes} needed`);
}

// Only what lvm itself could have produced, so that reports never need escaping.
function identity(spec: LvIdentity): Partial<Lv> {
  if (spec.uuid !== undefined && !/^[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}$/.test(spec.uuid)) {
    throw new Error(`"${spec.uuid}" is not an LV uuid as lvm prints it`);
  }
  const invalid = (spec.tags ?? []).find((tag) => normalizeTag(tag) !== tag);
  if (invalid !== undefined) throw new Error(`lvm refuses the tag "${invalid}"`);
  return {
    ...(spec.uuid === undefined ? {} : { uuid: spec.uuid }),
    ...(spec.createdAt === undefined ? {} : { createdSec: Math.floor(spec.createdAt.getTime() / 1000) }),
    tags: [...new Set(spec.tags ?? [])],
  };
}

/** Adds a volume group. */
export function buildVg(world: World, spec: VgSpec): void {
  // lib/misc/lvm-string.c, validate_name.
  if (!/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/.test(spec.name)) throw new Error(`"${spec.name}" is not a valid volume group name`);
  if (world.vgs.has(spec.name)) throw new Error(`volume group "${spec.name}" already exists`);
  world.vgs.set(spec.name, { name: spec.name, sizeBytes: spec.sizeBytes, extentBytes: spec.extentBytes ?? DEFAULT_EXTENT_BYTES, lvs: new Map() });
  touch(world);
}

/** Adds a thin pool, its metadata and (the first time) the VG's metadata spare. */
export function buildPool(world: World, spec: PoolSpec): void {
  const vg = requireVg(world, spec.vg);
  requireNewName(vg, spec.name);
  const sizeBytes = roundUpToExtent(spec.sizeBytes, vg.extentBytes);
  const metadataBytes = spec.metadataBytes
    ?? roundUpToExtent(Math.max(2 * 1024 * 1024, (sizeBytes / (64 * 1024)) * 64), vg.extentBytes);
  requireSpace(vg, sizeBytes + 2 * metadataBytes);
  addLv(world, vg, makeLv(world, {
    ...identity(spec), name: spec.name, kind: 'thin-pool', sizeBytes, metadataBytes,
    usagePercent: spec.dataPercent ?? 0, metadataPercent: spec.metadataPercent ?? 0,
  }));
}

/** Adds a volume, with its file system mounted at `mountAt` if given. */
export function buildVolume(world: World, spec: VolumeSpec): void {
  const vg = requireVg(world, spec.vg);
  requireNewName(vg, spec.name);
  const sizeBytes = roundUpToExtent(spec.sizeBytes, vg.extentBytes);
  if (spec.pool !== undefined) {
    if (requireLv(world, vg.name, spec.pool).kind !== 'thin-pool') throw new Error(`"${vg.name}/${spec.pool}" is not a thin pool`);
  } else requireSpace(vg, sizeBytes);
  const fsType = spec.fs === undefined ? 'ext4' : spec.fs;
  const lv = makeLv(world, {
    ...identity(spec), name: spec.name, kind: spec.pool === undefined ? 'linear' : 'thin', pool: spec.pool ?? '', sizeBytes,
    usagePercent: spec.dataPercent ?? 0,
    fs: fsType === null ? null : { type: fsType, uuid: spec.fsUuid ?? drawFsUuid(world), logDirty: false },
  });
  addLv(world, vg, lv);
  if (spec.mountAt !== undefined) mountLv(world, vg, lv, spec.mountAt, spec.mountOptions ?? ['rw'], true);
}

/** Adds a snapshot of an existing LV. */
export function buildSnapshot(world: World, spec: SnapshotSpec): void {
  const vg = requireVg(world, spec.vg);
  requireNewName(vg, spec.name);
  const origin = requireLv(world, vg.name, spec.origin);
  const thin = spec.sizeBytes === undefined;
  if (thin && origin.kind !== 'thin') throw new Error(`a snapshot of the non-thin "${vg.name}/${origin.name}" needs a size`);
  const sizeBytes = thin ? origin.sizeBytes : roundUpToExtent(spec.sizeBytes!, vg.extentBytes);
  if (!thin) requireSpace(vg, sizeBytes);
  addLv(world, vg, makeLv(world, {
    ...identity(spec), name: spec.name, kind: thin ? 'thin' : 'cow', pool: thin ? origin.pool : '', origin: origin.name,
    sizeBytes, active: spec.active ?? true, skipActivation: spec.skipActivation ?? false,
    usagePercent: spec.dataPercent ?? (thin ? origin.usagePercent : 0), fs: copyFilesystemForSnapshot(world, vg, origin),
  }));
}

/** Mounts an LV directly (by hand, or from fstab when `persistent`), without the mount command's checks. */
export function mountLv(world: World, vg: Vg, lv: Lv, target: string, options: readonly string[], persistent: boolean): void {
  if (!lv.active) throw new Error(`"${vg.name}/${lv.name}" is not active`);
  if (lv.fs === null) throw new Error(`"${vg.name}/${lv.name}" has no file system`);
  const parsed = parseMountOptions(options);
  addMount(world, {
    target, fsType: lv.fs.type, source: buildMapperPath(vg.name, lv.name), mountOptions: renderMountOptions(parsed),
    superOptions: renderSuperOptions(parsed, lv.fs.type, lv.kind === 'thin'), lv: { vg: vg.name, name: lv.name }, persistent,
  }, lv);
}
