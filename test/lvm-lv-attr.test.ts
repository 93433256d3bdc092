import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLvAttr } from '../src/lvm/lv-attr.ts';

test('a thin snapshot made with --setactivationskip n', () => {
  assert.deepEqual(decodeLvAttr('Vwi-a-tz--'), {
    volumeType: 'V', state: 'a', targetType: 't',
    isThinVolume: true, isThinPool: false, isClassicSnapshot: false, isOrigin: false,
    active: true, open: false, invalid: false, skipActivation: false,
  });
});

test('a mounted thin snapshot with the activation-skip flag', () => {
  const attr = decodeLvAttr('Vwi-aotz-k');
  assert.equal(attr.open, true);
  assert.equal(attr.skipActivation, true);
  assert.equal(attr.active, true);
});

test('an inactive thin snapshot after a reboot', () => {
  const attr = decodeLvAttr('Vwi---tz-k');
  assert.equal(attr.active, false);
  assert.equal(attr.isThinVolume, true);
});

test('a thin pool', () => {
  const attr = decodeLvAttr('twi-aotz--');
  assert.equal(attr.isThinPool, true);
  assert.equal(attr.isThinVolume, false);
});

test('a classic snapshot and its origin', () => {
  assert.equal(decodeLvAttr('swi-a-s---').isClassicSnapshot, true);
  const origin = decodeLvAttr('owi-aos---');
  assert.equal(origin.isOrigin, true);
  assert.equal(origin.isClassicSnapshot, false);
  assert.equal(decodeLvAttr('Owi-aos---').isOrigin, true);
});

test('an overflowed classic snapshot is invalid, not active', () => {
  const attr = decodeLvAttr('swi-I-s---');
  assert.equal(attr.invalid, true);
  assert.equal(attr.active, false);
  assert.equal(attr.state, 'I');
  assert.equal(decodeLvAttr('swi-S-s---').invalid, true);
});

test('a merging classic snapshot is not counted as one', () => {
  assert.equal(decodeLvAttr('Swi-a-s---').isClassicSnapshot, false);
});

test('anything but ten characters is rejected', () => {
  assert.throws(() => decodeLvAttr('Vwi-a-tz-'), /lv_attr "Vwi-a-tz-" is not 10 characters long/);
  assert.throws(() => decodeLvAttr(''), /not 10 characters/);
  assert.throws(() => decodeLvAttr('Vwi-a-tz--x'), /not 10 characters/);
});
