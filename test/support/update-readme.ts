// `npm run docs`: rewrites the configuration reference in README.md from the key table.
import { readFile, writeFile } from 'node:fs/promises';
import { renderConfigReference } from '../../src/config/reference.ts';

const path = new URL('../../README.md', import.meta.url);
const readme = await readFile(path, 'utf8');
const start = readme.indexOf('\n', readme.indexOf('<!-- config-reference:start')) + 1;
const end = readme.indexOf('<!-- config-reference:end -->');
await writeFile(path, `${readme.slice(0, start)}${renderConfigReference()}\n${readme.slice(end)}`);
