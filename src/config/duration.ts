// `expire_after` durations (`1 day`, `36 hours`, `2w`, `1 week 2 days`, `12h, 1d`, `3 months`, `1 year`) and
// adding them to an instant. Minutes, hours, days and weeks are exact elapsed time (a day is 24 hours, also
// across a DST change); months and years are calendar units on the wall clock of the configured zone.
import type { Duration } from './types.ts';
import { InvalidValueError } from './invalid-value.ts';
import { findClosest } from './suggest.ts';
import { fromLocalTime, toLocalTime } from './zoned-time.ts';

interface Unit {
  name: string;
  milliseconds: number;
  months: number;
}

const HOUR_MS = 3_600_000;
const UNITS: readonly (Unit & { spellings: readonly string[] })[] = [
  { name: 'minute', milliseconds: 60_000, months: 0, spellings: ['min', 'mins', 'minute', 'minutes'] },
  { name: 'hour', milliseconds: HOUR_MS, months: 0, spellings: ['h', 'hr', 'hrs', 'hour', 'hours'] },
  { name: 'day', milliseconds: 24 * HOUR_MS, months: 0, spellings: ['d', 'day', 'days'] },
  { name: 'week', milliseconds: 7 * 24 * HOUR_MS, months: 0, spellings: ['w', 'wk', 'wks', 'week', 'weeks'] },
  { name: 'month', milliseconds: 0, months: 1, spellings: ['mo', 'mos', 'month', 'months'] },
  { name: 'year', milliseconds: 0, months: 12, spellings: ['y', 'yr', 'yrs', 'year', 'years'] },
];
const UNIT_BY_SPELLING = new Map(UNITS.flatMap((unit) => unit.spellings.map((spelling) => [spelling, unit] as const)));
// The expiry tag holds a four-digit year; a century is beyond any retention and keeps the sum far from it.
const MAX_MONTHS = 100 * 12;
const MAX_MILLISECONDS = 100 * 366 * 24 * HOUR_MS;

/** Parses an `expire_after` value; throws InvalidValueError for zero, negative, unitless or unknown input. */
export function parseDuration(text: string): Duration {
  // `12h, 1d` and `1 week and 2 days`: commas and the word "and" only separate parts.
  const words = text.toLowerCase().split(/[\s,]+/).filter((word) => word !== '' && word !== 'and');
  if (words.length === 0) throw new InvalidValueError('the duration is empty (write e.g. `1 day` or `36 hours`)');
  const seen = new Set<string>();
  let milliseconds = 0;
  let months = 0;
  for (let index = 0; index < words.length; index++) {
    // A part is `12h` or `12 h`.
    const glued = /^(\d+)([a-z]+)$/.exec(words[index]);
    const amountText = glued ? glued[1] : words[index];
    const unitText = glued ? glued[2] : words[++index];
    const amount = parseAmount(amountText, text);
    const unit = parseUnit(unitText, amountText);
    if (seen.has(unit.name)) throw new InvalidValueError(`\`${text}\` gives ${unit.name}s twice`);
    seen.add(unit.name);
    milliseconds += amount * unit.milliseconds;
    months += amount * unit.months;
  }
  if (milliseconds === 0 && months === 0) {
    throw new InvalidValueError(`\`${text}\` is zero; a snapshot must live longer`);
  }
  if (milliseconds > MAX_MILLISECONDS || months > MAX_MONTHS) {
    throw new InvalidValueError(`\`${text}\` is longer than 100 years`);
  }
  return { text: text.trim(), milliseconds, months };
}

function parseAmount(word: string, text: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  if (/^\d+\.\d+$/.test(word)) {
    throw new InvalidValueError(`\`${word}\`: use whole numbers (e.g. \`36 hours\` instead of \`1.5 days\`)`);
  }
  if (word.startsWith('-')) throw new InvalidValueError(`\`${text}\` is negative; a duration must be positive`);
  throw new InvalidValueError(`\`${word}\` is not a number in \`${text}\` (write e.g. \`1 day\` or \`2 weeks\`)`);
}

function parseUnit(word: string | undefined, amount: string): Unit {
  if (word === undefined) {
    throw new InvalidValueError(`\`${amount}\` has no unit (add minutes, hours, days, weeks, months or years)`);
  }
  const unit = UNIT_BY_SPELLING.get(word);
  if (unit !== undefined) return unit;
  if (word === 'm') throw new InvalidValueError('`m` is ambiguous: write `min` for minutes or `mo` for months');
  const closest = findClosest(word, UNIT_BY_SPELLING.keys());
  throw new InvalidValueError(`\`${word}\` is not a unit of time${closest ? `; did you mean \`${closest}\`?` : ''} `
    + '(use minutes, hours, days, weeks, months or years)');
}

/**
 * `instant` plus `duration`: first the calendar months on the wall clock of `timezone` (same local time, the
 * day clamped to the end of a shorter month, so Jan 31 + 1 month is Feb 28 or 29), then the exact elapsed part.
 */
export function addDuration(instant: Date, duration: Duration, timezone: string): Date {
  let result = instant;
  if (duration.months !== 0) {
    const local = toLocalTime(instant, timezone);
    const monthIndex = local.month - 1 + duration.months;
    const year = local.year + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    result = fromLocalTime({ ...local, year, month, day: Math.min(local.day, lastDay) }, timezone);
  }
  return new Date(result.getTime() + duration.milliseconds);
}
