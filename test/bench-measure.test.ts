import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median } from '../bench/measure.ts';

test('median: the middle value of an odd count, the mean of the middle two of an even one, whatever the order', () => {
  assert.equal(median([3.16, 2.18, 2.35]), 2.35);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /no values/);
});
