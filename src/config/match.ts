// The `match` rules of `[expire_*]` sections: four cron-like fields `hour dow dom month`, all of which must
// match (the seed's example `* 1,5,7 2-10 *` means "Mon, Fri or Sun AND the 2nd to 10th"), evaluated on the
// wall clock of the configured time zone.
import { createRequire } from 'node:module';
import { CronExpressionParser } from 'cron-parser';
import type { CronFieldCollection } from 'cron-parser';
import type { MatchRule } from './types.ts';
import { InvalidValueError } from './invalid-value.ts';
import { toLocalTime } from './zoned-time.ts';
import type { LocalTime } from './zoned-time.ts';

interface FieldSpec {
  name: string;
  /** Position in cron-parser's six-field expression `second minute hour dom month dow`. */
  slot: number;
  /** Names accepted for numbers in this field, lower case. */
  names: ReadonlyMap<string, number>;
  read(fields: CronFieldCollection): readonly (number | string)[];
}

// Sunday is 7 so that `fri-sun` reads as the range 5-7; cron-parser also takes 0 for Sunday.
const DAY_NAMES = numberNames(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const MONTH_NAMES = numberNames(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const NO_NAMES = numberNames([]);

// In the order the seed's `match` lists them.
const FIELDS: readonly FieldSpec[] = [
  { name: 'hour', slot: 2, names: NO_NAMES, read: (fields) => fields.hour.values },
  { name: 'day-of-week', slot: 5, names: DAY_NAMES, read: (fields) => fields.dayOfWeek.values },
  { name: 'day-of-month', slot: 3, names: NO_NAMES, read: (fields) => fields.dayOfMonth.values },
  { name: 'month', slot: 4, names: MONTH_NAMES, read: (fields) => fields.month.values },
];

/** Days in each month in its longest year (February in a leap year). */
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Names numbered from 1 in order. */
function numberNames(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((name, index) => [name, index + 1]));
}

/** Parses `hour dow dom month`; throws InvalidValueError naming the field and value that are wrong. */
export function parseMatch(text: string): MatchRule {
  const values = text.trim() === '' ? [] : text.trim().split(/\s+/);
  if (values.length !== FIELDS.length) {
    throw new InvalidValueError(`\`${text}\` has ${values.length} fields; `
      + 'expected 4: hour day-of-week day-of-month month (e.g. `* * * *`)');
  }
  const [hours, daysOfWeek, daysOfMonth, months] = FIELDS.map((field, index) => expandField(field, values[index]));
  if (![...months].some((month) => [...daysOfMonth].some((day) => day <= LONGEST_MONTH[month - 1]!))) {
    throw new InvalidValueError(`\`${text}\` can never match: none of its months has such a day of the month`);
  }
  return {
    text: values.join(' '),
    hours,
    // ISO numbering: cron's 0 for Sunday becomes 7.
    daysOfWeek: new Set([...daysOfWeek].map((day) => (day === 0 ? 7 : day))),
    daysOfMonth,
    months,
  };
}

// cron-parser makes a luxon DateTime for every expression it parses, and luxon asks Intl for the system's locale when
// none is set: Intl's first use loads ICU's data, 10-20 ms of every run for nothing here (the fields are numbers;
// rules are evaluated without luxon, in zoned-time.ts). The setting must reach cron-parser's own luxon: package.json
// pins the version cron-parser asks for, so npm keeps one copy, and it is required as cron-parser requires it (an
// import would get luxon's separate ES module build). The bundle has a require of its own, and bundles what it
// names; this module, run as an ES module, has none.
const luxon = (typeof require === 'function' ? require('luxon') : createRequire(import.meta.url)('luxon')) as typeof import('luxon');
luxon.Settings.defaultLocale = 'en-US';

/** The set of numbers a field allows, expanded by cron-parser (lists, ranges, steps) after our own checks. */
function expandField(field: FieldSpec, value: string): ReadonlySet<number> {
  const numeric = value.replace(/[a-z]+/gi, (word) => {
    const number = field.names.get(word.toLowerCase());
    if (number === undefined) {
      const allowed = [...field.names.keys()];
      throw new InvalidValueError(`${field.name} field \`${value}\`: \`${word}\` is not `
        + (allowed.length > 0 ? `a name (use ${allowed[0]}–${allowed[allowed.length - 1]})` : 'a number'));
    }
    return String(number);
  });
  // cron-parser also knows `?`, `L`, `W`, `#` and `H`; refusing them keeps the syntax to what we document.
  if (!/^[0-9*,/-]+$/.test(numeric)) {
    throw new InvalidValueError(`${field.name} field \`${value}\`: only numbers, names, \`*\`, \`,\`, \`-\` and \`/\` `
      + 'are allowed');
  }
  // Item by item, then their union: cron (and the original tool) take a list whose items overlap, such as `0,7`
  // for Sunday twice or `1-5,3`, which cron-parser refuses as a whole.
  const allowed = new Set<number>();
  for (const item of numeric.split(',')) {
    if (item === '') throw new InvalidValueError(`${field.name} field \`${value}\`: an empty item in the list`);
    const slots = ['0', '0', '*', '*', '*', '*'];
    slots[field.slot] = item;
    try {
      const expression = CronExpressionParser.parse(slots.join(' '));
      for (const entry of field.read(expression.fields)) if (typeof entry === 'number') allowed.add(entry);
    } catch (error) {
      throw new InvalidValueError(`${field.name} field \`${value}\`: ${explainCronError((error as Error).message)}`);
    }
  }
  return allowed;
}

/** cron-parser's message in the terms of our syntax, for the common mistakes. */
function explainCronError(message: string): string {
  const outside = /got value (\d+) expected range (\d+-\d+)/.exec(message);
  if (outside) return `${outside[1]} is outside ${outside[2]}`;
  const backwards = /Invalid range: (\d+)-(\d+), min/.exec(message);
  if (backwards) return `the range ${backwards[1]}-${backwards[2]} runs backwards`;
  if (message.includes('repeat at every 0')) return 'a step of 0 never advances';
  return `not a valid field (${message})`;
}

/** Whether the wall-clock hour, weekday, day and month of `instant` in `timezone` all match the rule. */
export function matchesAt(rule: MatchRule, instant: Date, timezone: string): boolean {
  return matchesLocalTime(rule, toLocalTime(instant, timezone));
}

function matchesLocalTime(rule: MatchRule, local: LocalTime): boolean {
  return rule.hours.has(local.hour) && rule.daysOfWeek.has(local.weekday)
    && rule.daysOfMonth.has(local.day) && rule.months.has(local.month);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The start of the first local hour, at or after `from` and at most `limitHours` later, in which any of `rules`
 * matches; undefined when there is none. For `status`: when the next snapshot will be taken.
 */
export function nextMatchingHour(
  rules: readonly MatchRule[], from: Date, timezone: string, limitHours: number,
): Date | undefined {
  const end = from.getTime() + limitHours * HOUR_MS;
  for (let time = from.getTime(); time <= end;) {
    const local = toLocalTime(new Date(time), timezone);
    const sinceHourStart = local.minute * MINUTE_MS + local.second * 1000 + local.millisecond;
    if (sinceHourStart === 0) {
      if (rules.some((rule) => matchesLocalTime(rule, local))) return new Date(time);
      time += HOUR_MS;
    } else {
      // Step to the next local hour boundary; an offset change in between (some zones shift by 30 minutes)
      // lands us off the boundary, and the next pass corrects for it.
      time += HOUR_MS - sinceHourStart;
    }
  }
  return undefined;
}
