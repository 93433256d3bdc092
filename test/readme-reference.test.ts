import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { renderConfigReference } from '../src/config/reference.ts';

test('the README configuration reference is the one rendered from the key table', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- config-reference:start');
  const end = readme.indexOf('<!-- config-reference:end -->');
  assert.ok(start >= 0 && end > start, 'README has the reference markers');
  const body = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
  assert.equal(body, renderConfigReference().trim(), 'run `npm run docs` to regenerate the README reference');
});
