// `lvm lvs --reportformat json --units b --nosuffix -o FIELDS [VG|VG/LV…]`, in lvm2 2.03's exact JSON layout
// (fixtures 12, 13, 36, 37). Pure.

import type { CommandPlan, Output } from './command-types.ts';
import type { LvRef } from './lvm-common.ts';
import type { Lv, Vg, World } from './world.ts';
import type { ViewContext } from './lv-view.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { getLastValue } from './getopt.ts';
import { buildViewContext, formatDataPercent, formatLvTime, formatLvAttr, formatMetadataPercent, describeSegtype } from './lv-view.ts';
import { LVM_EXIT, formatLvmLine, formatMissingLv, formatMissingVg, parseLvmArgs, parseLvRef } from './lvm-common.ts';
import { formatSize } from './units.ts';
import { listSortedLvs, listSortedVgNames, computeVgFreeBytes } from './world.ts';

interface ReportSettings {
  units: string;
  suffix: boolean;
  context: ViewContext;
}

type FieldReader = (vg: Vg, lv: Lv, settings: ReportSettings) => string;

const size = (bytes: number, settings: ReportSettings): string =>
  formatSize(bytes, settings.units, settings.suffix ? 'unit' : 'none');

// The fields the simulated host reports; those lvm has but the world does not model print empty.
const FIELDS: ReadonlyMap<string, FieldReader> = new Map<string, FieldReader>([
  ['lv_name', (_vg, lv) => lv.name],
  ['vg_name', (vg) => vg.name],
  ['lv_uuid', (_vg, lv) => lv.uuid],
  ['lv_attr', (_vg, lv, settings) => formatLvAttr(lv, settings.context)],
  ['lv_size', (_vg, lv, settings) => size(lv.sizeBytes, settings)],
  ['pool_lv', (_vg, lv) => lv.pool],
  ['origin', (_vg, lv) => lv.origin],
  // lvs sorts an LV's tags (lib/report/report.c, _tags_disp).
  ['lv_tags', (_vg, lv) => (lv.tags.length < 2 ? lv.tags.join(',') : [...lv.tags].sort().join(','))],
  ['data_percent', (_vg, lv) => formatDataPercent(lv)],
  ['metadata_percent', (_vg, lv) => formatMetadataPercent(lv)],
  ['snap_percent', (_vg, lv) => (lv.kind === 'linear' ? '' : formatDataPercent(lv))],
  ['lv_time', (_vg, lv) => formatLvTime(lv.createdSec)],
  ['lv_skip_activation', (_vg, lv) => (lv.skipActivation ? 'skip activation' : '')],
  ['lv_active', (_vg, lv) => (lv.active ? 'active' : '')],
  ['segtype', (_vg, lv) => describeSegtype(lv)],
  ['lv_full_name', (vg, lv) => `${vg.name}/${lv.name}`],
  ['vg_size', (vg, _lv, settings) => size(vg.sizeBytes, settings)],
  ['vg_free', (vg, _lv, settings) => size(computeVgFreeBytes(vg), settings)],
  ['move_pv', () => ''],
  ['mirror_log', () => ''],
  ['copy_percent', () => ''],
  ['convert_lv', () => ''],
]);

// lvs's default columns (lvm.conf report/lvs_cols).
const DEFAULT_FIELDS = 'lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,'
  + 'mirror_log,copy_percent,convert_lv';

// lvm accepts a field without its `lv_` prefix (`name`, `attr`, `tags`).
function canonicalField(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (FIELDS.has(lower)) return lower;
  return FIELDS.has(`lv_${lower}`) ? `lv_${lower}` : undefined;
}

/** Plans an `lvs` call: it reads without taking any VG lock. */
export function planLvs(args: readonly string[]): CommandPlan {
  const parsed = parseLvmArgs('lvs', args, [
    { long: 'reportformat', arg: true }, { long: 'units', arg: true }, { long: 'nosuffix', arg: false },
    { long: 'options', short: 'o', arg: true }, { long: 'all', short: 'a', arg: false },
    { long: 'noheadings', arg: false },
  ]);
  if (!parsed.ok) return planEarlyAnswer('lvs', parsed.output);
  const format = getLastValue(parsed.args, 'reportformat') ?? 'basic';
  if (format !== 'json') {
    return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(`The simulated host prints only --reportformat json, not ${format}.`)));
  }
  const units = getLastValue(parsed.args, 'units') ?? 'r';
  if (!/^[bBsSkKmMgGtTpPeEhHrR]$/.test(units)) {
    return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(`Invalid argument for --units: ${units}`) + formatLvmLine('Error during parsing of command line.')));
  }
  const fieldNames = (parsed.args.values.get('options') ?? [DEFAULT_FIELDS]).join(',').split(',').filter(Boolean);
  const fields: string[] = [];
  for (const name of fieldNames) {
    const field = canonicalField(name);
    // lib/report/report.c, _parse_fields: the report is refused, lvs exits ECMD_FAILED.
    if (field === undefined) return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.failed, '', formatLvmLine(`Unrecognised field: ${name}`)));
    fields.push(field);
  }
  const refs: LvRef[] = [];
  for (const word of parsed.args.positionals) {
    const ref = parseLvRef(word);
    if (ref === undefined) return planEarlyAnswer('lvs', makeOutput(LVM_EXIT.failed, '', formatLvmLine(`Invalid volume group name ${word}.`)));
    refs.push(ref);
  }
  const suffix = !parsed.args.values.has('nosuffix');
  return {
    kind: 'lvs',
    probe: [],
    steps: [{ items: Math.max(refs.length, 1), run: (world) => report(world, refs, fields, units, suffix) }],
  };
}

// Names, uuids and tags are made of characters lvm allows in them, none of which JSON escapes. The output is
// collected as small parts and joined once: a report of 25,000 LVs is some 10 MB.
function report(world: World, refs: readonly LvRef[], fields: readonly string[], units: string, suffix: boolean): Output {
  const settings: ReportSettings = { units, suffix, context: buildViewContext(world) };
  const readers = fields.map((field) => FIELDS.get(field)!);
  const keys = fields.map((field, index) => `${index === 0 ? ROW_START : '", '}"${field}":"`);
  const parts = ['  {\n      "report": [\n          {\n              "lv": ['];
  let stderr = '';
  const vgNames = refs.length === 0 ? listSortedVgNames(world) : [...new Set(refs.map((ref) => ref.vg))].sort();
  for (const vgName of vgNames) {
    const vg = world.vgs.get(vgName);
    if (vg === undefined) {
      stderr += formatMissingVg(vgName);
      continue;
    }
    const wanted = refs.filter((ref) => ref.vg === vgName);
    const names = wanted.some((ref) => ref.lv === undefined) || refs.length === 0
      ? undefined : new Set(wanted.map((ref) => ref.lv!));
    for (const lv of listSortedLvs(vg)) {
      if (names !== undefined && !names.has(lv.name)) continue;
      if (parts.length > 1) parts.push(',');
      for (let index = 0; index < readers.length; index += 1) parts.push(keys[index]!, readers[index]!(vg, lv, settings));
      parts.push('"}');
    }
    for (const name of names ?? []) if (!vg.lvs.has(name)) stderr += formatMissingLv(vgName, name);
  }
  parts.push('\n              ]\n          }\n      ]\n  }\n');
  return makeOutput(stderr === '' ? LVM_EXIT.ok : LVM_EXIT.failed, parts.join(''), stderr);
}

// libdm's JSON report layout: everything indented by lvm's two spaces, four more per level, one row per line.
const ROW_START = '\n                  {';
