import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRemovable, collectOrigins, configuredOriginsOf } from '../src/plan/safety.ts';
import { ourSnapshot, thinLv, TAG } from './support/builders.ts';

const now = new Date('2026-12-01T10:00:00Z');
const expected = { vg: 'vgA', origin: 'home', type: 'thin' as const };
const context = { lvmTag: TAG, now, origins: new Set<string>(), configuredOrigins: configuredOriginsOf([{ vg: 'vgA', lv: 'home' }]) };
const expired = () => ourSnapshot('vgA', 'home', '2026-12-01T01:00:00Z', '2026-12-01T07:00:00Z');

test('an expired, tagged thin snapshot of the right origin passes every check', () => {
  const verdict = checkRemovable(expired(), expected, context);
  assert.deepEqual(verdict, { ok: true, expiresAt: new Date('2026-12-01T07:00:00Z') });
});

test('the tag carries the state\'s expiry rounded up to a whole second: a journal to the millisecond agrees with it', () => {
  const verdict = checkRemovable(expired(), { ...expected, stateExpiresAt: '2026-12-01T06:59:59.250Z' }, context);
  assert.deepEqual(verdict, { ok: true, expiresAt: new Date('2026-12-01T07:00:00Z') });
});

const refusals: Array<[string, () => Parameters<typeof checkRemovable>, RegExp]> = [
  ['a missing tag', () => [{ ...expired(), tags: [] }, expected, context], /does not carry the tag snapper/],
  ['another origin', () => [{ ...expired(), origin: 'data' }, expected, context], /origin is "data", expected "home"/],
  ['a wrong name', () => [{ ...expired(), name: 'home-2026120101' }, expected, context], /name is not home-<14 digits>/],
  ['an impossible date in the name', () => [{ ...expired(), name: 'home-20261301010000' }, expected, context], /name is not/],
  ['no origin at all (a plain thin volume)', () => [{ ...expired(), origin: '' }, expected, context], /origin is none/],
  ['a classic snapshot where a thin one is expected', () => [{ ...expired(), attr: 'swi-a-s---' }, expected, context], /not a thin snapshot/],
  ['a thin LV where a classic snapshot is expected', () => [expired(), { ...expected, type: 'thick' as const }, context], /not a classic snapshot/],
  ['another VG', () => [{ ...expired(), vg: 'vgB' }, expected, context], /not in VG vgA/],
  ['an expiry not yet passed', () => [ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-01T10:00:01Z'), expected, context], /has not passed/],
  ['a missing expiry tag', () => [{ ...expired(), tags: [TAG] }, expected, context], /no expiry tag/],
  ['a journal that disagrees with the tag', () => [expired(), { ...expected, stateExpiresAt: '2026-12-09T07:00:00.000Z' }, context], /state says/],
  ['a journal a second off the tag', () => [expired(), { ...expected, stateExpiresAt: '2026-12-01T06:59:58.900Z' }, context], /state says/],
  ['a volume of the config (an origin kept under a snapshot\'s name)', () => [expired(), expected, { ...context, configuredOrigins: configuredOriginsOf([{ vg: 'vgA', lv: 'home-20261201010000' }]) }], /is a volume of the config/],
  ['an LV that is itself an origin', () => [expired(), expected, { ...context, origins: collectOrigins([thinLv('vgA', 'clone', { origin: 'home-20261201010000' })]) }], /itself the origin/],
];

for (const [what, args, reason] of refusals) {
  test(`refused: ${what}`, () => {
    const verdict = checkRemovable(...args());
    assert.equal(verdict.ok, false);
    assert.match((verdict as { reason: string }).reason, reason);
  });
}

test('an explicit removal request skips only the expiry check', () => {
  const live = ourSnapshot('vgA', 'home', '2026-12-01T09:00:00Z', '2026-12-09T09:00:00Z');
  assert.equal(checkRemovable(live, expected, { ...context, explicitRequest: true }).ok, true);
  assert.equal(checkRemovable({ ...live, tags: [] }, expected, { ...context, explicitRequest: true }).ok, false);
});
