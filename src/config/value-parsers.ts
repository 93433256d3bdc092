// Parsers for the generic kinds of config value: booleans, numbers, paths, option lists, time zones and timeouts.
// Each returns the typed value or throws InvalidValueError saying what is wrong and what would be accepted.
import { posix } from 'node:path';
import { InvalidValueError } from './invalid-value.ts';
import { UTC } from './zoned-time.ts';

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true], ['yes', true], ['on', true], ['1', true],
  ['false', false], ['no', false], ['off', false], ['0', false],
]);

/** A configparser-style boolean: true/false, yes/no, on/off, 1/0, in any case (the seed writes `False`). */
export function parseBoolean(text: string): boolean {
  const value = BOOLEANS.get(text.toLowerCase());
  if (value === undefined) throw new InvalidValueError(`\`${text}\` is not a boolean (use true or false)`);
  return value;
}

/** A parser accepting one of `choices`, in any case. */
export function makeChoiceParser<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    const choice = choices.find((candidate) => candidate === text.toLowerCase());
    if (choice === undefined) {
      throw new InvalidValueError(`\`${text}\` is not one of ${choices.join(', ')}`);
    }
    return choice;
  };
}

/** A parser for a decimal number (a whole number when `integer`) between `min` and `max` inclusive. */
export function makeNumberParser(min: number, max: number, integer: boolean): (text: string) => number {
  const pattern = integer ? /^\d+$/ : /^\d+(?:\.\d+)?$/;
  return (text) => {
    const value = Number(text);
    if (!pattern.test(text) || value < min || value > max) {
      throw new InvalidValueError(`\`${text}\` is not a ${integer ? 'whole ' : ''}number from ${min} to ${max}`);
    }
    return value;
  };
}

const TIMEOUT_UNITS: ReadonlyMap<string, number> = new Map([['', 1000], ['s', 1000], ['m', 60_000], ['h', 3_600_000]]);
// Node timers cannot wait longer than 2^31-1 ms (about 24.8 days); a day is already far beyond any sane command.
const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** A command timeout in milliseconds, written in seconds (`60`, `60s`) or with a unit (`2m`, `1h`). */
export function parseTimeout(text: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  const unit = match ? TIMEOUT_UNITS.get(match[2].toLowerCase()) : undefined;
  if (match === null || unit === undefined) {
    throw new InvalidValueError(`\`${text}\` is not a timeout (use seconds like \`60\` or \`60s\`, or \`2m\`, \`1h\`)`);
  }
  const milliseconds = Number(match[1]) * unit;
  if (milliseconds <= 0 || milliseconds > MAX_TIMEOUT_MS) {
    throw new InvalidValueError(`\`${text}\` must be more than zero and at most 24 hours`);
  }
  return milliseconds;
}

/**
 * An absolute, normalised path. With `baseDir`, a relative path is taken relative to it; otherwise it is an error.
 * Spaces are fine (commands get argument arrays, never a shell); control characters and `..` are not.
 */
export function parsePath(text: string, baseDir?: string): string {
  if (/[\x00-\x1f\x7f]/.test(text)) {
    throw new InvalidValueError('the path contains a control character (newline, tab, NUL, …)');
  }
  if (text.split('/').includes('..')) {
    throw new InvalidValueError(`\`${text}\` contains a \`..\` component; write the path without it`);
  }
  if (!posix.isAbsolute(text) && baseDir === undefined) {
    throw new InvalidValueError(`\`${text}\` is not an absolute path (it must start with \`/\`)`);
  }
  return posix.resolve(baseDir ?? '/', text);
}

/**
 * A comma-separated option list (mount or export options), trimmed, without duplicates. `rw` is refused: a
 * snapshot is a read-only copy, and a writable one would silently diverge from what was snapshotted.
 */
export function parseOptionList(text: string): string[] {
  const options = text.split(',').map((option) => option.trim());
  const bad = options.find((option) => option === '' || /[\s()]/.test(option));
  if (bad !== undefined) {
    throw new InvalidValueError(bad === ''
      ? `\`${text}\` has an empty option (two commas in a row, or a comma at an end)`
      : `option \`${bad}\` contains a space or parenthesis`);
  }
  if (options.includes('rw')) {
    throw new InvalidValueError('`rw` is not allowed: snapshots are always read-only');
  }
  return [...new Set(options)];
}

/** An IANA time zone name as Intl knows it, or `local` for `systemTimezone`. Returns the canonical name. */
export function parseTimezone(text: string, systemTimezone: () => string): string {
  // The default needs no zone data (see zoned-time.ts).
  if (text.toUpperCase() === UTC) return UTC;
  const name = text.toLowerCase() === 'local' ? systemTimezone() : text;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidValueError(`\`${text}\` is not a known time zone `
      + '(use an IANA name like Europe/Amsterdam, or local)');
  }
}
