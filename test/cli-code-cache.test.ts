import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { codeCachePath, loadWithCodeCache } from '../src/cli/code-cache.ts';
import { makeTempDir } from './support/temp-dir.ts';

// A program in the shape esbuild gives the bundle: CommonJS, requiring a built-in, reading __filename.
function writeProgram(answer: string): { dir: string; path: string } {
  const dir = makeTempDir('code-cache');
  const path = join(dir, 'main.cjs');
  writeFileSync(path, [
    "const { basename } = require('node:path');",
    `exports.answer = () => ${JSON.stringify(answer)} + ' from ' + basename(__filename);`,
  ].join('\n'));
  return { dir, path };
}

test('without a cache the program runs; the cache it saves is used by the next load, with the same result', () => {
  const { dir, path } = writeProgram('forty-two');
  const first = loadWithCodeCache(path);
  assert.equal(first.cache, 'absent');
  assert.equal((first.exports as { answer(): string }).answer(), 'forty-two from main.cjs');
  first.saveCache();
  // Only the cache itself: the partial file it was written to is renamed, not left behind.
  assert.deepEqual(readdirSync(dir).sort(), ['main.cjs', basename(codeCachePath(path, readFileSync(path)))]);
  const second = loadWithCodeCache(path);
  assert.equal(second.cache, 'used');
  assert.equal((second.exports as { answer(): string }).answer(), 'forty-two from main.cjs');
});

test('a changed program of the same length does not run the cache of the old one', () => {
  const { path } = writeProgram('forty-two');
  loadWithCodeCache(path).saveCache();
  // The same length: V8's own check of cached data compares lengths, not contents.
  writeFileSync(path, [
    "const { basename } = require('node:path');",
    `exports.answer = () => ${JSON.stringify('forty-six')} + ' from ' + basename(__filename);`,
  ].join('\n'));
  const changed = loadWithCodeCache(path);
  assert.equal(changed.cache, 'absent');
  assert.equal((changed.exports as { answer(): string }).answer(), 'forty-six from main.cjs');
});

test('a damaged cache is refused and the program still runs', () => {
  const { path } = writeProgram('forty-two');
  const cachePath = codeCachePath(path, readFileSync(path));
  writeFileSync(cachePath, Buffer.alloc(4096, 0x5a));
  const loaded = loadWithCodeCache(path);
  assert.equal(loaded.cache, 'refused');
  assert.equal((loaded.exports as { answer(): string }).answer(), 'forty-two from main.cjs');
});
