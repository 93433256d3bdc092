// The simulated host's control panel for tests, demos and benchmarks: plain data in, no argv. Build the world,
// turn its knobs (usage, clock, latency, faults), act on it by hand as an administrator would, reboot it, and
// look at it.

import type { CommandKind } from './command-types.ts';
import type { PoolSpec, SnapshotSpec, VgSpec, VolumeSpec } from './control-build.ts';
import type { LockEvent, LockProvider } from './locks.ts';
import type { WorldStore } from './world-store.ts';
import type { FaultRecord, FaultSpec, FsType, Latency, Lv, Vg, World } from './world.ts';
import { buildPool, buildSnapshot, buildVg, buildVolume, mountLv, requireLv, requireVg } from './control-build.ts';
import { applyExportOptions, makeDefaultExportOptions, renderExportOptions } from './export-options.ts';
import { Etab } from './export-etab.ts';
import { addFault } from './faults.ts';
import { validateLatency } from './latency.ts';
import { buildViewContext, formatLvAttr } from './lv-view.ts';
import { findTopMount } from './mount-index.ts';
import { normalizeTarget } from './mount.ts';
import { renderMountinfo } from './mountinfo.ts';
import { drawFsUuid } from './random.ts';
import { rebootWorld } from './reboot.ts';
import { deactivateLv, listLvMounts, listRemovalDependents, removeLv, removeMount } from './world-ops.ts';
import { touch } from './world.ts';

/** An LV as the control panel shows it. */
export interface LvInfo {
  vg: string;
  name: string;
  uuid: string;
  kind: Lv['kind'];
  attr: string;
  sizeBytes: number;
  pool: string;
  origin: string;
  tags: string[];
  active: boolean;
  skipActivation: boolean;
  usagePercent: number;
  createdAt: Date;
  fsType: FsType | null;
  fsUuid: string | null;
}

/** A mount as the control panel shows it. */
export interface MountInfo {
  target: string;
  source: string;
  fsType: string;
  device: string;
  mountOptions: string[];
  superOptions: string[];
  lv: { vg: string; name: string } | null;
}

/** An export as `exportfs -v` would show it. */
export interface ExportInfo {
  path: string;
  client: string;
  options: string[];
}

/** The control panel of one simulated host. */
export interface SimControl {
  createVg(spec: VgSpec): void;
  createThinPool(spec: PoolSpec): void;
  createVolume(spec: VolumeSpec): void;
  createSnapshot(spec: SnapshotSpec): void;
  setPoolUsage(vg: string, pool: string, usage: { dataPercent?: number; metadataPercent?: number }): void;
  /** Data usage of a thin LV, or exception store usage of a classic snapshot (100 invalidates it). */
  setUsage(vg: string, lv: string, percent: number): void;
  /** mkfs by hand. */
  makeFilesystem(vg: string, lv: string, type: FsType, uuid?: string): void;
  /** Fixes the creation time of new LVs (null: the wall clock). */
  setClock(at: Date | null): void;
  setLatency(kind: CommandKind, latency: Latency): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  /** The content of /etc/exports, which `exportfs -r` and a boot export. */
  setEtcExports(entries: readonly { client: string; path: string; options?: string }[]): void;
  /** Mounts an LV by hand (no mount command checks); `persistent` puts it in fstab. */
  mount(vg: string, lv: string, target: string, options?: string[], persistent?: boolean): void;
  /** umount by hand: the topmost mount on `target`. */
  unmount(target: string): void;
  /** umount and lvremove by hand: the LV and what depends on it (its classic snapshots, a pool's thin LVs). */
  removeLv(vg: string, lv: string): void;
  /** umount and lvchange -an by hand. */
  deactivate(vg: string, lv: string): void;
  /** `exportfs -ua`, or an NFS server restart: the export table is empty. */
  unexportAll(): void;
  /** All mounts and exports gone, skip-flagged LVs inactive, the others active, fstab mounted again. */
  simulateReboot(): void;
  listLvs(): LvInfo[];
  listMounts(): MountInfo[];
  listExports(): ExportInfo[];
  listFaults(): FaultRecord[];
  lockEvents(): LockEvent[];
  mountinfo(): string;
}

/** The control panel over a store. */
export function createControl(store: WorldStore, locks: LockProvider): SimControl {
  const change = (action: (world: World) => void): void => store.transact(action);
  const withLv = (vg: string, lv: string, action: (world: World, found: Lv, group: Vg) => void): void =>
    change((world) => action(world, requireLv(world, vg, lv), requireVg(world, vg)));
  return {
    createVg: (spec) => change((world) => buildVg(world, spec)),
    createThinPool: (spec) => change((world) => buildPool(world, spec)),
    createVolume: (spec) => change((world) => buildVolume(world, spec)),
    createSnapshot: (spec) => change((world) => buildSnapshot(world, spec)),
    setPoolUsage: (vg, pool, usage) => withLv(vg, pool, (world, lv) => {
      if (lv.kind !== 'thin-pool') throw new Error(`"${vg}/${pool}" is not a thin pool`);
      lv.usagePercent = usage.dataPercent ?? lv.usagePercent;
      lv.metadataPercent = usage.metadataPercent ?? lv.metadataPercent;
      touch(world);
    }),
    setUsage: (vg, name, percent) => withLv(vg, name, (world, lv) => {
      lv.usagePercent = percent;
      touch(world);
    }),
    makeFilesystem: (vg, name, type, uuid) => withLv(vg, name, (world, lv) => {
      lv.fs = { type, uuid: uuid ?? drawFsUuid(world), logDirty: false };
      touch(world);
    }),
    setClock: (at) => change((world) => {
      world.clockMs = at === null ? null : at.getTime();
      touch(world);
    }),
    setLatency: (kind, latency) => change((world) => {
      world.latency[kind] = validateLatency(kind, latency);
      touch(world);
    }),
    injectFault: (spec) => change((world) => addFault(world, spec)),
    clearFaults: () => change((world) => {
      world.faults = [];
      touch(world);
    }),
    setEtcExports: (entries) => change((world) => {
      world.etcExports = entries.map(({ client, path, options }) => {
        const parsed = applyExportOptions(makeDefaultExportOptions(), options);
        if ('error' in parsed) throw new Error(`/etc/exports ${client}:${path}: ${parsed.error.trim()}`);
        return { client, path, options: parsed };
      });
      touch(world);
    }),
    mount: (vg, name, target, options = ['rw'], persistent = false) =>
      withLv(vg, name, (world, lv, group) => mountLv(world, group, lv, normalizeTarget(target), options, persistent)),
    unmount: (target) => change((world) => {
      const mount = findTopMount(world, normalizeTarget(target));
      if (mount === undefined) throw new Error(`nothing is mounted on ${target}`);
      removeMount(world, mount);
    }),
    removeLv: (vg, name) => withLv(vg, name, (world, lv, group) => removeByHand(world, group, lv)),
    deactivate: (vg, name) => withLv(vg, name, (world, lv, group) => {
      for (const mount of listLvMounts(world, group.name, lv.name)) removeMount(world, mount);
      deactivateLv(world, lv);
    }),
    unexportAll: () => change((world) => {
      world.exports = new Etab();
      touch(world);
    }),
    simulateReboot: () => change(rebootWorld),
    listLvs: () => store.transact(listLvs),
    listMounts: () => store.transact((world) => world.mounts.map((mount) => ({
      target: mount.target, source: mount.source, fsType: mount.fsType, device: mount.device,
      mountOptions: [...mount.mountOptions], superOptions: [...mount.superOptions], lv: mount.lv === null ? null : { ...mount.lv },
    }))),
    listExports: () => store.transact(listExports),
    listFaults: () => store.transact((world) => structuredClone(world.faults)),
    lockEvents: () => locks.events(),
    mountinfo: () => store.transact(renderMountinfo),
  };
}

function removeByHand(world: World, vg: Vg, lv: Lv): void {
    for (const dependent of listRemovalDependents(vg, lv)) removeByHand(world, vg, dependent);
  for (const mount of listLvMounts(world, vg.name, lv.name)) removeMount(world, mount);
  removeLv(world, vg, lv);
}

function listLvs(world: World): LvInfo[] {
  const context = buildViewContext(world);
  return [...world.vgs.values()].flatMap((vg) => [...vg.lvs.values()].map((lv) => ({
    vg: vg.name, name: lv.name, uuid: lv.uuid, kind: lv.kind, attr: formatLvAttr(lv, context), sizeBytes: lv.sizeBytes,
    pool: lv.pool, origin: lv.origin, tags: [...lv.tags], active: lv.active, skipActivation: lv.skipActivation,
    usagePercent: lv.usagePercent, createdAt: new Date(lv.createdSec * 1000), fsType: lv.fs?.type ?? null, fsUuid: lv.fs?.uuid ?? null,
  })));
}

function listExports(world: World): ExportInfo[] {
  return world.exports.listInReadOrder().map((record) => ({
    path: record.path, client: record.client, options: renderExportOptions(record.options).slice(1, -1).split(','),
  }));
}
