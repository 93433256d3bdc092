// The one `lvs` call a run makes, and the strict reading of its JSON report. Pure.

import type { LogicalVolume } from '../host/inventory-types.ts';
import { BINARIES } from '../host/binaries.ts';
import { decodeLvAttr } from './lv-attr.ts';

/** The report columns, in the order `-o` asks for them. */
export const LVS_FIELDS = [
  'lv_name', 'vg_name', 'lv_uuid', 'lv_attr', 'lv_size', 'pool_lv', 'origin', 'lv_tags',
  'data_percent', 'metadata_percent', 'snap_percent', 'lv_time', 'lv_skip_activation', 'lv_active', 'segtype',
] as const;

type LvsField = (typeof LVS_FIELDS)[number];

/**
 * `lvm lvs --reportformat json --units b --nosuffix -o <LVS_FIELDS> <vgs…>`: sizes in plain bytes, every field a
 * string. With no VG named, lvs reports every VG.
 */
export function buildLvsArgv(vgs: readonly string[]): string[] {
  return [BINARIES.lvm, 'lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', LVS_FIELDS.join(','), ...vgs];
}

/**
 * Reads the JSON report; throws an Error naming what is wrong rather than guess at a malformed one. `segtype` is a
 * segment field, so lvs prints an LV of several segments (a linear origin extended twice) once per segment: the
 * first row of each LV UUID is the LV, so that no LV is planned, unmounted or removed twice.
 */
export function parseLvsReport(stdout: string): LogicalVolume[] {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`lvs report is not JSON: ${(error as Error).message}`);
  }
  const reports = isRecord(document) ? document.report : undefined;
  if (!Array.isArray(reports)) throw new Error('lvs report has no "report" array');
  const byUuid = new Map<string, LogicalVolume>();
  reports.forEach((report, reportIndex) => {
    const rows = isRecord(report) ? report.lv : undefined;
    if (!Array.isArray(rows)) throw new Error(`lvs report entry ${reportIndex} has no "lv" array`);
    rows.forEach((row, rowIndex) => {
      const lv = parseRow(row, `lvs report row ${rowIndex}`);
      if (!byUuid.has(lv.uuid)) byUuid.set(lv.uuid, lv);
    });
  });
  return [...byUuid.values()];
}

function parseRow(row: unknown, where: string): LogicalVolume {
  if (!isRecord(row)) throw new Error(`${where} is not an object`);
  const field = (name: LvsField): string => {
    const value = row[name];
    if (typeof value !== 'string') throw new Error(`${where}: field ${name} is ${value === undefined ? 'missing' : 'not a string'}`);
    return value;
  };
  const name = field('lv_name');
  const vg = field('vg_name');
  const lvWhere = `${where} (${vg}/${name})`;
  if (name === '' || vg === '') throw new Error(`${lvWhere}: empty lv_name or vg_name`);
  const uuid = field('lv_uuid');
  if (uuid === '') throw new Error(`${lvWhere}: empty lv_uuid`);
  const attr = field('lv_attr');
  try {
    decodeLvAttr(attr);
  } catch (error) {
    throw new Error(`${lvWhere}: ${(error as Error).message}`);
  }
  const size = field('lv_size');
  if (!/^\d+$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new Error(`${lvWhere}: lv_size "${size}" is not a whole number of bytes`);
  }
  const tags = field('lv_tags');
  return {
    name,
    vg,
    uuid,
    attr,
    sizeBytes: Number(size),
    pool: field('pool_lv'),
    origin: field('origin'),
    tags: tags === '' ? [] : tags.split(','),
    dataPercent: parsePercent(field('data_percent'), 'data_percent', lvWhere),
    metadataPercent: parsePercent(field('metadata_percent'), 'metadata_percent', lvWhere),
    snapPercent: parsePercent(field('snap_percent'), 'snap_percent', lvWhere),
    time: field('lv_time'),
    // "skip activation" when the flag is set, '' otherwise.
    skipActivation: field('lv_skip_activation') !== '',
    // "active", '' when inactive, "unknown" when activation is disabled in lvm.conf: only the first is active.
    active: field('lv_active') === 'active',
    segtype: field('segtype'),
  };
}

// lvs prints '' where a percentage does not apply (a plain LV has no data_percent).
function parsePercent(value: string, name: string, where: string): number | undefined {
  if (value === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`${where}: ${name} "${value}" is not a percentage`);
  return Number(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What lvs said on stderr: the VGs it found missing, and every other error line. */
export interface LvsComplaints {
  /** VGs that do not exist (`Volume group "vgZ" not found`): lvs still reports the others, and exits 5. */
  missingVgs: string[];
  /** Lines that are neither a warning nor about a missing VG (a VG it could not lock or read, say). */
  otherErrors: string[];
}

export function parseLvsComplaints(stderr: string): LvsComplaints {
  const missingVgs = new Set<string>();
  const unprocessed: string[] = [];
  const otherErrors: string[] = [];
  for (const line of stderr.split('\n').map((text) => text.trim()).filter((text) => text !== '' && !text.startsWith('WARNING:'))) {
    const notFound = /^Volume group "([^"]+)" not found$/.exec(line);
    const cannotProcess = /^Cannot process volume group (\S+)$/.exec(line);
    if (notFound) missingVgs.add(notFound[1]!);
    else if (cannotProcess) unprocessed.push(cannotProcess[1]!);
    else otherErrors.push(line);
  }
  // lvs follows each not-found line with "Cannot process volume group X"; for a VG that exists, that is an error.
  for (const vg of unprocessed) if (!missingVgs.has(vg)) otherErrors.push(`Cannot process volume group ${vg}`);
  return { missingVgs: [...missingVgs], otherErrors };
}
