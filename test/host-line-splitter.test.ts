import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineSplitter } from '../src/host/line-splitter.ts';

test('lines are cut at newlines whatever the chunk boundaries, and a partial line waits for its end', () => {
  const lines: string[] = [];
  const feed = createLineSplitter((line) => lines.push(line));
  feed('{"a":');
  feed('1}\n{"b":2}\n{"c"');
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}']);
  feed(':3}');
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}'], 'no newline yet: nothing more');
  feed('\n\n');
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}', '']);
});

test('a long line in many chunks comes out whole', () => {
  const lines: string[] = [];
  const feed = createLineSplitter((line) => lines.push(line));
  const long = 'x'.repeat(100_000);
  for (let start = 0; start < long.length; start += 4096) feed(long.slice(start, start + 4096));
  feed('\nnext\n');
  assert.deepEqual(lines.map((line) => line.length), [100_000, 4]);
  assert.equal(lines[0], long);
});
