import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDuration, parseDuration } from '../src/config/duration.ts';
import { InvalidValueError } from '../src/config/invalid-value.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

test('the forms of the spec and the seed', () => {
  const cases: [string, number, number][] = [
    ['1 day', DAY, 0],
    ['36 hours', 36 * HOUR, 0],
    ['2w', 2 * WEEK, 0],
    ['1 week 2 days', WEEK + 2 * DAY, 0],
    ['12h, 1d', 12 * HOUR + DAY, 0],
    ['3 months', 0, 3],
    ['1 year', 0, 12],
    ['90 minutes', 90 * MINUTE, 0],
  ];
  for (const [text, milliseconds, months] of cases) {
    assert.deepEqual(parseDuration(text), { text, milliseconds, months }, text);
  }
});

test('every unit spelling, singular, plural and abbreviated, in any case', () => {
  const spellings: [string[], number, number][] = [
    [['min', 'mins', 'minute', 'minutes'], MINUTE, 0],
    [['h', 'hr', 'hrs', 'hour', 'hours'], HOUR, 0],
    [['d', 'day', 'days'], DAY, 0],
    [['w', 'wk', 'wks', 'week', 'weeks'], WEEK, 0],
    [['mo', 'mos', 'month', 'months'], 0, 1],
    [['y', 'yr', 'yrs', 'year', 'years'], 0, 12],
  ];
  for (const [words, milliseconds, months] of spellings) {
    for (const word of words) {
      for (const text of [`2 ${word}`, `2${word}`, `2 ${word.toUpperCase()}`]) {
        const duration = parseDuration(text);
        assert.equal(duration.milliseconds, 2 * milliseconds, text);
        assert.equal(duration.months, 2 * months, text);
      }
    }
  }
});

test('compound durations in any order, with commas and "and"', () => {
  assert.deepEqual(parseDuration('2 days 1 week'), { text: '2 days 1 week', milliseconds: WEEK + 2 * DAY, months: 0 });
  assert.equal(parseDuration('1 week and 2 days').milliseconds, WEEK + 2 * DAY);
  assert.equal(parseDuration('1d, 12h, and 30 min').milliseconds, DAY + 12 * HOUR + 30 * MINUTE);
  assert.deepEqual(parseDuration('1 year 6 months 2 days'), { text: '1 year 6 months 2 days', milliseconds: 2 * DAY, months: 18 });
  assert.equal(parseDuration('  1 Day  ').text, '1 Day');
});

test('junk, zero, negative and unitless durations are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['1 dya', /`dya` is not a unit of time; did you mean `day`\?/],
    ['3 mnths', /did you mean `months`\?/],
    ['forever', /`forever` is not a number/],
    ['5', /`5` has no unit/],
    ['1 day 2', /`2` has no unit/],
    ['', /empty/],
    ['   ', /empty/],
    [', and', /empty/],
    ['0 days', /is zero/],
    ['0h 0d', /is zero/],
    ['-1 day', /negative/],
    ['1.5 days', /whole numbers/],
    ['1 m', /`m` is ambiguous/],
    ['1m', /`m` is ambiguous/],
    ['1 day 1 d', /gives days twice/],
    ['day', /`day` is not a number/],
    ['101 years', /longer than 100 years/],
    ['1 fortnight', /`fortnight` is not a unit of time \(use/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseDuration(text), (error: unknown) => {
      assert.ok(error instanceof InvalidValueError, text);
      assert.match(error.message, message, text);
      return true;
    });
  }
});

test('days are exact 24 hours, also across a DST change', () => {
  // Amsterdam springs forward on 29 March 2026: 24 hours later the wall clock reads one hour later.
  const start = new Date('2026-03-28T12:00:00Z');
  assert.equal(addDuration(start, parseDuration('1 day'), 'Europe/Amsterdam').toISOString(), '2026-03-29T12:00:00.000Z');
  assert.equal(addDuration(start, parseDuration('36 hours'), 'Europe/Amsterdam').toISOString(), '2026-03-30T00:00:00.000Z');
});

test('a month keeps the day and the local time, clamped to the end of a shorter month', () => {
  const add = (iso: string, text: string, timezone = 'UTC'): string =>
    addDuration(new Date(iso), parseDuration(text), timezone).toISOString();
  assert.equal(add('2026-01-31T10:00:00Z', '1 month'), '2026-02-28T10:00:00.000Z');
  assert.equal(add('2028-01-31T10:00:00Z', '1 month'), '2028-02-29T10:00:00.000Z', 'leap year');
  assert.equal(add('2026-03-31T10:00:00Z', '1 month'), '2026-04-30T10:00:00.000Z');
  assert.equal(add('2026-11-15T10:00:00Z', '3 months'), '2027-02-15T10:00:00.000Z', 'into the next year');
  assert.equal(add('2028-02-29T10:00:00Z', '1 year'), '2029-02-28T10:00:00.000Z');
  assert.equal(add('2026-01-31T10:00:00Z', '1 month 1 day'), '2026-03-01T10:00:00.000Z', 'month first, then the day');
});

test('a month across a DST change keeps the local time, not the UTC time', () => {
  // 10:00 in Amsterdam: 09:00 UTC in March (CET), 08:00 UTC in April (CEST).
  assert.equal(addDuration(new Date('2026-03-15T09:00:00Z'), parseDuration('1 month'), 'Europe/Amsterdam').toISOString(),
    '2026-04-15T08:00:00.000Z');
});

test('a month landing in a skipped or repeated local hour', () => {
  // 02:30 on 29 January + 2 months is 02:30 on 29 March 2026, which does not exist: pushed forward to 03:30 CEST.
  assert.equal(addDuration(new Date('2026-01-29T01:30:00Z'), parseDuration('2 months'), 'Europe/Amsterdam').toISOString(),
    '2026-03-29T01:30:00.000Z');
  // 02:30 on 25 September + 1 month is 02:30 on 25 October 2026, which happens twice: the first one (CEST).
  assert.equal(addDuration(new Date('2026-09-25T00:30:00Z'), parseDuration('1 month'), 'Europe/Amsterdam').toISOString(),
    '2026-10-25T00:30:00.000Z');
});
