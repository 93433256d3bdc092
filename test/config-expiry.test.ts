import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expiryAt } from '../src/config/expiry.ts';
import { parseDuration } from '../src/config/duration.ts';
import { parseMatch } from '../src/config/match.ts';
import type { ExpireRule } from '../src/config/types.ts';

function rule(name: string, match: string, expireAfter: string): ExpireRule {
  return { name, match: parseMatch(match), expireAfter: parseDuration(expireAfter) };
}

const RULES = [
  rule('expire_hourly', '* * * *', '1 day'),
  rule('expire_nightly', '0 * * *', '2 weeks'),
  rule('expire_monthly', '0 * 1 *', '6 months'),
  rule('expire_working', '8-18 mon-fri * *', '36 hours'),
];

test('no matching rule: no expiry, so no snapshot', () => {
  assert.equal(expiryAt([rule('expire_noon', '12 * * *', '1 day')], new Date('2026-05-04T09:00:00Z'), 'UTC'), undefined);
  assert.equal(expiryAt([], new Date('2026-05-04T09:00:00Z'), 'UTC'), undefined);
});

test('one matching rule sets the expiry', () => {
  assert.deepEqual(expiryAt(RULES, new Date('2026-05-03T05:00:00Z'), 'UTC'), {
    expiresAt: new Date('2026-05-04T05:00:00Z'),
    rules: ['expire_hourly'],
  });
});

test('the longest expire_after among the matching rules wins, and every matching rule is named', () => {
  // Midnight on Friday 1 May 2026: hourly, nightly and monthly match; working hours do not.
  assert.deepEqual(expiryAt(RULES, new Date('2026-05-01T00:00:00Z'), 'UTC'), {
    expiresAt: new Date('2026-11-01T00:00:00Z'),
    rules: ['expire_hourly', 'expire_nightly', 'expire_monthly'],
  });
  // 09:00 on Monday 4 May: hourly (1 day) and working hours (36 hours).
  assert.deepEqual(expiryAt(RULES, new Date('2026-05-04T09:00:00Z'), 'UTC'), {
    expiresAt: new Date('2026-05-05T21:00:00Z'),
    rules: ['expire_hourly', 'expire_working'],
  });
});

test('durations are compared by the instant they give: a month is 28 to 31 days', () => {
  const rules = [rule('expire_month', '0 * 1 *', '1 month'), rule('expire_30d', '0 * 1 *', '30 days')];
  // From 1 February 2026 a month is 28 days: 30 days is longer.
  assert.deepEqual(expiryAt(rules, new Date('2026-02-01T00:00:00Z'), 'UTC')?.expiresAt, new Date('2026-03-03T00:00:00Z'));
  // From 1 January a month is 31 days: the month is longer.
  assert.deepEqual(expiryAt(rules, new Date('2026-01-01T00:00:00Z'), 'UTC')?.expiresAt, new Date('2026-02-01T00:00:00Z'));
});

test('rules match, and months count, on the wall clock of the time zone', () => {
  // 22:00 UTC on 30 April is midnight on 1 May in Amsterdam: the monthly rule matches there, not in UTC.
  const instant = new Date('2026-04-30T22:00:00Z');
  assert.deepEqual(expiryAt(RULES, instant, 'Europe/Amsterdam'), {
    expiresAt: new Date('2026-10-31T23:00:00Z'), // midnight on 1 November, after the clocks went back (UTC+1)
    rules: ['expire_hourly', 'expire_nightly', 'expire_monthly'],
  });
  assert.deepEqual(expiryAt(RULES, instant, 'UTC')?.rules, ['expire_hourly']);
});
