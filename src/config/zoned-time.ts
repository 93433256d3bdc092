// Wall-clock time in an IANA time zone, both ways, with Intl only (Node ships full ICU). Used to evaluate `match`
// rules in the configured zone and to add calendar months to an instant.
//
// UTC, the default zone, is read from the Date itself: Intl's first DateTimeFormat loads ICU's locale and zone data,
// 10-20 ms of every run on a fast machine (a fifth of a second under emulation), for a clock that needs none.

/** The default zone's name, as Intl canonicalizes `utc` and `UTC`. */
export const UTC = 'UTC';

/** The wall-clock reading of an instant in a zone. */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** ISO day of week: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // hourCycle h23: with `hour12: false` some ICU versions print midnight as hour 24.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The wall-clock time of `instant` in `timezone`. */
export function toLocalTime(instant: Date, timezone: string): LocalTime {
  if (timezone === UTC) {
    return {
      year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate(),
      hour: instant.getUTCHours(), minute: instant.getUTCMinutes(), second: instant.getUTCSeconds(),
      millisecond: instant.getUTCMilliseconds(), weekday: instant.getUTCDay() === 0 ? 7 : instant.getUTCDay(),
    };
  }
  const fields: Record<string, string> = {};
  for (const part of getFormatter(timezone).formatToParts(instant)) fields[part.type] = part.value;
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
    weekday: WEEKDAYS[fields.weekday],
  };
}

/**
 * The instant at which the clock in `timezone` reads `local` (its weekday is ignored). Like Temporal's
 * "compatible" disambiguation: a time that occurs twice (autumn) gives the earlier instant, a time skipped by a
 * DST jump (spring) is pushed forward by the size of the jump (02:30 becomes 03:30).
 */
export function fromLocalTime(local: Omit<LocalTime, 'weekday'>, timezone: string): Date {
  const wall = readAsUtc(local);
  // Zones change their offset at most once within two days, so the offsets a day either side are the only
  // candidates.
  const offsetBefore = measureOffset(wall - DAY_MS, timezone);
  const offsetAfter = measureOffset(wall + DAY_MS, timezone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => measureOffset(instant, timezone) === wall - instant);
  return new Date(candidates.length > 0 ? Math.min(...candidates) : wall - offsetBefore);
}

/** How far the zone's clock is ahead of UTC at `instant`, in milliseconds. */
function measureOffset(instant: number, timezone: string): number {
  return readAsUtc(toLocalTime(new Date(instant), timezone)) - instant;
}

/** The wall-clock reading as if it were UTC, in milliseconds since the epoch. */
function readAsUtc(local: Omit<LocalTime, 'weekday'>): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}
