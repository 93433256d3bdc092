import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeExpiryTag, encodeExpiryTag, isValidLvmTag } from '../src/state/tag-codec.ts';
import { parseLvsReport } from '../src/lvm/lvs.ts';
import { readRealTool } from './host-real-tools.ts';

test('encodeExpiryTag makes the tag of fixture 03', () => {
  const tag = encodeExpiryTag('snapper', new Date('2026-12-02T10:00:00Z'));
  assert.equal(tag, 'snapper_exp:20261202T100000Z');
  assert.ok(readRealTool('03-lvcreate-thin-snapshot-tagged').argv.includes(tag));
});

test('encodeExpiryTag rounds up to a whole second, never earlier', () => {
  assert.equal(encodeExpiryTag('snapper', new Date('2026-12-02T10:00:00.001Z')), 'snapper_exp:20261202T100001Z');
  assert.equal(encodeExpiryTag('snapper', new Date('2026-12-31T23:59:59.500Z')), 'snapper_exp:20270101T000000Z');
});

test('encodeExpiryTag refuses an lvm_tag or a date that makes no valid tag', () => {
  assert.throws(() => encodeExpiryTag('bad tag', new Date('2026-12-02T10:00:00Z')), /lvm_tag "bad tag" does not make a valid LVM tag/);
  assert.throws(() => encodeExpiryTag('x'.repeat(120), new Date('2026-12-02T10:00:00Z')), /does not make a valid LVM tag/);
  assert.throws(() => encodeExpiryTag('snapper', new Date(Number.NaN)), /invalid date/);
});

test('decodeExpiryTag reads back what encodeExpiryTag wrote, whatever the lvm_tag', () => {
  for (const lvmTag of ['snapper', 'lvm-snap.1', 'a/b=c!d:e#f&g+h']) {
    const expiresAt = new Date('2027-03-04T05:06:07Z');
    const result = decodeExpiryTag(lvmTag, [lvmTag, encodeExpiryTag(lvmTag, expiresAt)]);
    assert.deepEqual(result, { ok: true, expiresAt });
  }
});

test('decodeExpiryTag reads the tags lvs reports (fixture 12)', () => {
  const lv = parseLvsReport(readRealTool('12-lvs-json-all').stdout).find((row) => row.name === 'home-20261201100000')!;
  assert.deepEqual(decodeExpiryTag('snapper', lv.tags), { ok: true, expiresAt: new Date('2026-12-02T10:00:00Z') });
});

test('decodeExpiryTag reports a missing, malformed or conflicting expiry rather than guess', () => {
  const reason = (tags: string[]): string => {
    const result = decodeExpiryTag('snapper', tags);
    assert.equal(result.ok, false, tags.join(','));
    return result.ok ? '' : result.reason;
  };
  assert.match(reason(['snapper']), /no expiry tag snapper_exp:/);
  assert.match(reason(['snapper', 'other_exp:20261202T100000Z']), /no expiry tag/);
  assert.match(reason(['snapper_exp:20261302T100000Z']), /malformed expiry tag snapper_exp:20261302T100000Z/);
  assert.match(reason(['snapper_exp:20261202T100000']), /malformed/);
  assert.match(reason(['snapper_exp:2026-12-02T10:00:00Z']), /malformed/);
  assert.match(reason(['snapper_exp:']), /malformed/);
  assert.match(reason(['snapper_exp:20261202T100000Z', 'snapper_exp:20261203T100000Z']), /conflicting expiry tags/);
  const same = decodeExpiryTag('snapper', ['snapper_exp:20261202T100000Z', 'snapper_exp:20261202T100000Z']);
  assert.equal(same.ok, true);
});

test('isValidLvmTag follows lvm2\'s tag characters (fixture 08: a space is refused)', () => {
  for (const tag of ['snapper', 'snapper_exp:20261202T100000Z', 'A-Za-z0-9_+.-/=!:#&', 'x'.repeat(128)]) {
    assert.equal(isValidLvmTag(tag), true, tag);
  }
  const refused = readRealTool('08-lvcreate-bad-tag').argv[6]!;
  assert.equal(refused, 'bad tag');
  for (const tag of [refused, '', '-snapper', 'x'.repeat(129), 'tag@host', 'tag,two', 'ünï', 'a"b']) {
    assert.equal(isValidLvmTag(tag), false, tag);
  }
});
