import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesAt, nextMatchingHour, parseMatch } from '../src/config/match.ts';
import { InvalidValueError } from '../src/config/invalid-value.ts';

const HOUR_MS = 3_600_000;

/** The UTC hours (ISO strings) in [start, start + hours) at which `rule` matches in `timezone`. */
function matchingHours(rule: string, start: string, hours: number, timezone: string): string[] {
  const parsed = parseMatch(rule);
  const result: string[] = [];
  for (let index = 0; index < hours; index++) {
    const instant = new Date(Date.parse(start) + index * HOUR_MS);
    if (matchesAt(parsed, instant, timezone)) result.push(instant.toISOString());
  }
  return result;
}

test("the seed's example `* 1,5,7 2-10 *` needs the weekday AND the day of the month", () => {
  const rule = parseMatch('* 1,5,7 2-10 *');
  assert.equal(matchesAt(rule, new Date('2026-05-11T12:00:00Z'), 'UTC'), false, 'Monday the 11th');
  assert.equal(matchesAt(rule, new Date('2026-08-03T12:00:00Z'), 'UTC'), true, 'Monday the 3rd');
  assert.equal(matchesAt(rule, new Date('2026-05-03T12:00:00Z'), 'UTC'), true, 'Sunday (7) the 3rd');
  assert.equal(matchesAt(rule, new Date('2026-06-02T12:00:00Z'), 'UTC'), false, 'Tuesday the 2nd');
});

test('the fields expand to the sets of hours, ISO weekdays, days and months', () => {
  const rule = parseMatch(' 8-18/2   mon-fri  1,15  jan,JUL ');
  assert.equal(rule.text, '8-18/2 mon-fri 1,15 jan,JUL');
  assert.deepEqual([...rule.hours], [8, 10, 12, 14, 16, 18]);
  assert.deepEqual([...rule.daysOfWeek].sort(), [1, 2, 3, 4, 5]);
  assert.deepEqual([...rule.daysOfMonth], [1, 15]);
  assert.deepEqual([...rule.months], [1, 7]);
});

test('steps start at the range start: */6 is 0,6,12,18', () => {
  assert.deepEqual([...parseMatch('*/6 * * *').hours], [0, 6, 12, 18]);
  assert.deepEqual([...parseMatch('* * */10 *').daysOfMonth], [1, 11, 21, 31]);
});

test('day of week 0 and 7 are both Sunday, stored as ISO 7', () => {
  assert.deepEqual([...parseMatch('* 0 * *').daysOfWeek], [7]);
  assert.deepEqual([...parseMatch('* 7 * *').daysOfWeek], [7]);
  assert.deepEqual([...parseMatch('* Sun * *').daysOfWeek], [7]);
  const sunday = new Date('2026-05-03T12:00:00Z');
  assert.equal(matchesAt(parseMatch('* 0 * *'), sunday, 'UTC'), true);
  assert.equal(matchesAt(parseMatch('* 7 * *'), sunday, 'UTC'), true);
  assert.equal(matchesAt(parseMatch('* 6 * *'), sunday, 'UTC'), false);
});

test('a day that some of the months have is a rule that can match: the 29th of February, the 31st of a list', () => {
  assert.deepEqual([...parseMatch('* * 29 feb').months], [2]);
  assert.deepEqual([...parseMatch('* * 31 4,5').daysOfMonth], [31]);
});

test('list items may overlap, as in cron: each is expanded and the union taken', () => {
  assert.deepEqual([...parseMatch('* 0,7 * *').daysOfWeek], [7]);
  assert.deepEqual([...parseMatch('* sun,0 * *').daysOfWeek], [7]);
  assert.deepEqual([...parseMatch('* 6-7,0 * *').daysOfWeek].sort(), [6, 7]);
  assert.deepEqual([...parseMatch('1-5,3 * * *').hours].sort((a, b) => a - b), [1, 2, 3, 4, 5]);
  assert.deepEqual([...parseMatch('1,1 * * *').hours], [1]);
  assert.deepEqual([...parseMatch('*/12,3 * * *').hours].sort((a, b) => a - b), [0, 3, 12]);
});

test('day names in any case, and a weekend range ending on Sunday', () => {
  assert.deepEqual([...parseMatch('* fri-sun * *').daysOfWeek].sort(), [5, 6, 7]);
  assert.deepEqual([...parseMatch('* MON,wEd * *').daysOfWeek].sort(), [1, 3]);
  assert.deepEqual([...parseMatch('* * * Dec').months], [12]);
});

test('bad fields are refused with the field and the value named', () => {
  const cases: [string, RegExp][] = [
    ['* * *', /has 3 fields; expected 4/],
    ['', /has 0 fields/],
    ['* * * * *', /has 5 fields/],
    ['24 * * *', /hour field `24`: 24 is outside 0-23/],
    ['* 8 * *', /day-of-week field `8`: 8 is outside 0-7/],
    ['* * 0 *', /day-of-month field `0`: 0 is outside 1-31/],
    ['* * * 13', /month field `13`: 13 is outside 1-12/],
    ['5-2 * * *', /hour field `5-2`: the range 5-2 runs backwards/],
    ['*/0 * * *', /hour field `\*\/0`: a step of 0/],
    ['* * L *', /day-of-month field `L`: `L` is not a number/],
    ['* 1#2 * *', /day-of-week field `1#2`: only numbers, names/],
    ['? * * *', /hour field `\?`: only numbers/],
    ['* * * foo', /month field `foo`: `foo` is not a name \(use jan–dec\)/],
    ['* monday * *', /day-of-week field `monday`: `monday` is not a name \(use mon–sun\)/],
    ['mon * * *', /hour field `mon`: `mon` is not a number/],
    ['* constructor * *', /`constructor` is not a name/],
    ['1,,2 * * *', /hour field `1,,2`: an empty item in the list/],
    ['1,25 * * *', /hour field `1,25`: 25 is outside 0-23/],
    ['* * 31 feb', /can never match: none of its months has such a day/],
    ['* * 30,31 2', /can never match/],
    ['* * 31 4,6,9,11', /can never match/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseMatch(text), (error: unknown) => {
      assert.ok(error instanceof InvalidValueError, text);
      assert.match(error.message, message, text);
      return true;
    });
  }
});

test('rules are evaluated on the wall clock of the time zone', () => {
  // 22:30 UTC on Monday 1 June is 00:30 on Tuesday 2 June in Amsterdam (UTC+2).
  const instant = new Date('2026-06-01T22:30:00Z');
  const rule = parseMatch('0 tue 2 jun');
  assert.equal(matchesAt(rule, instant, 'Europe/Amsterdam'), true);
  assert.equal(matchesAt(rule, instant, 'UTC'), false);
});

test('spring forward in Amsterdam: 02:00 local does not exist on 29 March 2026, so hour 2 never matches', () => {
  assert.deepEqual(matchingHours('2 * * *', '2026-03-28T22:00:00Z', 24, 'Europe/Amsterdam'), []);
  // The day before and after it matches once, at 01:00 UTC (CET) and 00:00 UTC (CEST).
  assert.deepEqual(matchingHours('2 * * *', '2026-03-27T22:00:00Z', 24, 'Europe/Amsterdam'), ['2026-03-28T01:00:00.000Z']);
  assert.deepEqual(matchingHours('2 * * *', '2026-03-29T22:00:00Z', 24, 'Europe/Amsterdam'), ['2026-03-30T00:00:00.000Z']);
});

test('fall back in Amsterdam: 02:00 local happens twice on 25 October 2026, so hour 2 matches two UTC hours', () => {
  assert.deepEqual(matchingHours('2 * * *', '2026-10-24T22:00:00Z', 25, 'Europe/Amsterdam'), [
    '2026-10-25T00:00:00.000Z',
    '2026-10-25T01:00:00.000Z',
  ]);
});

test('nextMatchingHour finds the start of the next matching local hour', () => {
  const rules = [parseMatch('2 * * *')];
  // On the spring-forward day the next 02:00 is a day later.
  assert.equal(nextMatchingHour(rules, new Date('2026-03-29T00:10:00Z'), 'Europe/Amsterdam', 48)?.toISOString(),
    '2026-03-30T00:00:00.000Z');
  // On the fall-back day 02:00 comes twice.
  assert.equal(nextMatchingHour(rules, new Date('2026-10-24T23:30:00Z'), 'Europe/Amsterdam', 48)?.toISOString(),
    '2026-10-25T00:00:00.000Z');
  assert.equal(nextMatchingHour(rules, new Date('2026-10-25T00:00:01Z'), 'Europe/Amsterdam', 48)?.toISOString(),
    '2026-10-25T01:00:00.000Z');
  // `from` itself counts when it is the start of a matching hour.
  assert.equal(nextMatchingHour(rules, new Date('2026-10-25T00:00:00Z'), 'Europe/Amsterdam', 48)?.toISOString(),
    '2026-10-25T00:00:00.000Z');
});

test('nextMatchingHour takes the earliest of several rules', () => {
  const rules = [parseMatch('0 * * *'), parseMatch('12 * * *')];
  assert.equal(nextMatchingHour(rules, new Date('2026-05-04T09:15:00Z'), 'UTC', 48)?.toISOString(),
    '2026-05-04T12:00:00.000Z');
});

test('nextMatchingHour follows local hours in a zone with a half-hour offset', () => {
  // India is UTC+5:30: its hours start at half past the UTC hour.
  assert.equal(nextMatchingHour([parseMatch('* * * *')], new Date('2026-01-01T00:00:00Z'), 'Asia/Kolkata', 2)
    ?.toISOString(), '2026-01-01T00:30:00.000Z');
});

test('nextMatchingHour gives up after limitHours', () => {
  assert.equal(nextMatchingHour([parseMatch('* * 29 feb')], new Date('2026-03-01T00:00:00Z'), 'UTC', 24 * 400), undefined, 'next in 2028');
  assert.equal(nextMatchingHour([parseMatch('5 * * *')], new Date('2026-01-01T00:00:00Z'), 'UTC', 4), undefined);
  assert.equal(nextMatchingHour([parseMatch('5 * * *')], new Date('2026-01-01T00:00:00Z'), 'UTC', 5)?.toISOString(),
    '2026-01-01T05:00:00.000Z');
  assert.equal(nextMatchingHour([], new Date('2026-01-01T00:00:00Z'), 'UTC', 48), undefined);
});
