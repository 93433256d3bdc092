// Small builders for planner and safety tests: LVs as lvs would report them, configs from INI text.
import { parseConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/types.ts';
import type { Inventory, LogicalVolume } from '../../src/host/inventory-types.ts';
import { snapshotLvName } from '../../src/plan/naming.ts';
import { encodeExpiryTag } from '../../src/state/tag-codec.ts';

export const TAG = 'snapper';

/** A thin origin volume. */
export function thinLv(vg: string, name: string, extra: Partial<LogicalVolume> = {}): LogicalVolume {
  return {
    name, vg, uuid: `uuid-${vg}-${name}`, attr: 'Vwi-aotz--', sizeBytes: 1 << 30, pool: 'pool', origin: '', tags: [],
    dataPercent: 10, time: '2026-11-26 23:17:00 +0000', skipActivation: false, active: true, segtype: 'thin', ...extra,
  };
}

/** A thin pool with its usage. */
export function poolLv(vg: string, dataPercent = 10, metadataPercent = 10, name = 'pool'): LogicalVolume {
  return {
    name, vg, uuid: `uuid-${vg}-${name}`, attr: 'twi-aotz--', sizeBytes: 10 << 30, pool: '', origin: '', tags: [],
    dataPercent, metadataPercent, time: '2026-11-26 23:16:56 +0000', skipActivation: false, active: true, segtype: 'thin-pool',
  };
}

/** A thin snapshot of ours taken at `created`, expiring at `expires`. */
export function ourSnapshot(vg: string, origin: string, created: string, expires: string, extra: Partial<LogicalVolume> = {}): LogicalVolume {
  const name = snapshotLvName(origin, new Date(created));
  return thinLv(vg, name, { attr: 'Vwi-a-tz--', origin, tags: [TAG, encodeExpiryTag(TAG, new Date(expires))], ...extra });
}

/** An inventory with these LVs and nothing mounted, exported or linked unless given. */
export function inventoryOf(lvs: LogicalVolume[], extra: Partial<Inventory> = {}): Inventory {
  return { lvs, missingVgs: [], mounts: [], exports: [], links: [], mountDirs: [], ...extra };
}

export interface VolumeSpec {
  name: string;
  vg: string;
  lv: string;
  extra?: string;
}

/** A config from INI text: main, the given rules (default: hourly for 6 hours, daily at 0 for 2 days) and volumes. */
export function configOf(volumes: VolumeSpec[], rules = '[expire_hourly]\nmatch = * * * *\nexpire_after = 6 hours\n\n[expire_daily]\nmatch = 0 * * *\nexpire_after = 2 days\n', main = ''): Config {
  const text = [
    `[main]\nenabled = true\nstatefile = /var/lib/lvmsnapper/state.json\nlvm_tag = ${TAG}\nlock_file = /run/lvmsnapper.lock\n${main}`,
    rules,
    ...volumes.map((volume) => `[${volume.name}]\nvg = ${volume.vg}\nlv = ${volume.lv}\nmount = /srv/${volume.name}\nsnapdir = /snapshots/${volume.name}\n${volume.extra ?? ''}`),
  ].join('\n');
  return parseConfig(text, '/etc/lvmsnapper.conf', () => 'UTC');
}
