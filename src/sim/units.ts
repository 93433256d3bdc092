// Sizes and percentages the way lvm2 reads and prints them. Pure.

const KIB = 1024;

// lvm(8), "Size": a number, optionally with a fraction, and a unit; every unit is a power of 1024 whatever its
// case, s is a 512-byte sector, and the default is MiB.
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1, s: 512, k: KIB, m: KIB ** 2, g: KIB ** 3, t: KIB ** 4, p: KIB ** 5, e: KIB ** 6,
};

/** An lvm size argument (`20M`, `1.5g`, `400`) in bytes, rounded up to a sector; undefined when invalid. */
export function parseSizeArg(text: string): number | undefined {
  const match = /^(\d+(?:\.\d*)?|\.\d+)([bBsSkKmMgGtTpPeE]?)$/.exec(text);
  if (match === null) return undefined;
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] || 'm').toLowerCase()]!;
  if (!Number.isFinite(bytes) || bytes <= 0) return undefined;
  return Math.ceil(bytes / 512) * 512;
}

/** An lvm extents argument: a count, or a percentage of something (`10%ORIGIN`). */
export type ExtentsArg = { extents: number } | { percent: number; of: 'VG' | 'FREE' | 'ORIGIN' | 'PVS' };

/** Parses `-l`: `N` or `N%VG|FREE|ORIGIN|PVS`; undefined when invalid. */
export function parseExtentsArg(text: string): ExtentsArg | undefined {
  const match = /^(\d+)(?:%(VG|FREE|ORIGIN|PVS))?$/i.exec(text);
  if (match === null || Number(match[1]) === 0) return undefined;
  if (match[2] === undefined) return { extents: Number(match[1]) };
  return { percent: Number(match[1]), of: match[2].toUpperCase() as 'VG' | 'FREE' | 'ORIGIN' | 'PVS' };
}

/** Rounds a size up to whole extents. */
export function roundUpToExtent(bytes: number, extentBytes: number): number {
  return Math.ceil(bytes / extentBytes) * extentBytes;
}

/** How a size's unit is spelt: ` GiB` (messages), `g` (reports), or not at all (`--nosuffix`). */
export type SuffixStyle = 'short' | 'unit' | 'none';

interface UnitRow { factor: number; short: string; unit: string; precision: number }

const PREFIXES = ['e', 'p', 't', 'g', 'm', 'k'] as const;

function prefixRow(letter: string, base: 1000 | 1024): UnitRow {
  const power = 6 - PREFIXES.indexOf(letter.toLowerCase() as (typeof PREFIXES)[number]);
  const upper = letter.toUpperCase();
  const short = base === 1024 ? ` ${upper}iB` : ` ${upper === 'K' ? 'k' : upper}B`;
  return { factor: base ** power, short, unit: base === 1024 ? letter.toLowerCase() : upper, precision: 2 };
}

const BYTES_ROW: UnitRow = { factor: 1, short: ' B', unit: 'B', precision: 0 };
const SECTORS_ROW: UnitRow = { factor: 512, short: ' Se', unit: 'S', precision: 0 };

/**
 * A size as lvm2 prints it (libdm dm_size_to_string with si_unit_consistency): fixed units (`b`, `s`, `k`…`e`
 * powers of 1024, `K`…`E` powers of 1000), or human-readable (`h`, `r`; upper case for powers of 1000) in the
 * largest unit that fits; `r` marks a value rounded up with `<` ("<1.11 GiB").
 */
export function formatSize(bytes: number, units: string, suffix: SuffixStyle): string {
  const human = 'hHrR'.includes(units);
  let row: UnitRow;
  if (!human) {
    if (units === 'b' || units === 'B') row = BYTES_ROW;
    else if (units === 's' || units === 'S') row = SECTORS_ROW;
    else row = prefixRow(units, units === units.toLowerCase() ? 1024 : 1000);
  } else {
    const base = units === 'H' || units === 'R' ? 1000 : 1024;
    const letter = PREFIXES.find((prefix) => bytes >= base ** (6 - PREFIXES.indexOf(prefix)));
    row = letter === undefined ? BYTES_ROW : prefixRow(base === 1024 ? letter : letter.toUpperCase(), base);
  }
  if (bytes === 0) return `0${suffix === 'none' && !human ? '' : suffixText(row, suffix)}`;
  const value = bytes / row.factor;
  const rounded = (units === 'r' || units === 'R') && row.precision === 2
    && Math.floor(value * 100) !== Math.round(value * 100);
  const text = `${rounded ? '<' : ''}${value.toFixed(row.precision)}`;
  return text + (human && suffix === 'none' ? suffixText(row, 'unit') : suffixText(row, suffix));
}

function suffixText(row: UnitRow, suffix: SuffixStyle): string {
  return suffix === 'short' ? row.short : suffix === 'unit' ? row.unit : '';
}

/**
 * A percentage as lvs prints it: two decimals, never 100.00 unless full nor 0.00 unless empty
 * (libdm dm_percent_to_round_float).
 */
export function formatPercent(percent: number): string {
  let rounded = Math.round(percent * 100) / 100;
  if (rounded >= 100 && percent < 100) rounded = 99.99;
  if (rounded <= 0 && percent > 0) rounded = 0.01;
  return rounded.toFixed(2);
}
