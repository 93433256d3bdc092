import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliNodeOptions } from '../bench/cli-node-options.ts';
import { makeTempDir } from './support/temp-dir.ts';

const MAIN = new URL('../src/launcher.ts', import.meta.url).pathname;

test('the command starts with bounded heap settings on its shebang line', () => {
  const options = cliNodeOptions(MAIN);
  const semiSpace = options.find((option) => option.startsWith('--max-semi-space-size='));
  assert.ok(semiSpace !== undefined && Number(semiSpace.split('=')[1]) < 16, `semi-spaces below V8's 16 MB: ${options.join(' ')}`);
  assert.ok(options.some((option) => option.startsWith('--heap-growing-percent=')), options.join(' '));
});

test('the command starts without V8\'s memory reducer, which only costs a run CPU while it waits on LVM', () => {
  assert.ok(cliNodeOptions(MAIN).includes('--no-memory-reducer'), cliNodeOptions(MAIN).join(' '));
});

test('the command starts without the baseline and regexp compilers, whose code a short run uses a few times', () => {
  const options = cliNodeOptions(MAIN);
  assert.ok(options.includes('--no-sparkplug') && options.includes('--regexp-interpret-all'), options.join(' '));
});

test('the shebang line fits the kernel\'s limit, past which it would silently cut the options short', () => {
  // Linux reads at most BINPRM_BUF_SIZE (256) bytes of a script's first line, newline included (binfmt_script.c).
  const firstLine = readFileSync(MAIN, 'utf8').split('\n', 1)[0]!;
  assert.ok(Buffer.byteLength(firstLine) < 256, `${Buffer.byteLength(firstLine)} bytes: ${firstLine}`);
});

test('this node accepts every option of the shebang (an unknown one would stop the command from starting)', () => {
  const options = cliNodeOptions(MAIN);
  assert.equal(execFileSync(process.execPath, [...options, '-e', 'process.stdout.write("started")'], { encoding: 'utf8' }), 'started');
  assert.throws(() => execFileSync(process.execPath, ['--no-such-v8-option', '-e', '0'], { stdio: 'pipe' }), /bad option|unrecognized/);
});

test('a first line that is not an env -S node shebang is refused, naming the file', () => {
  const file = join(makeTempDir('shebang'), 'lvmsnapper.cjs');
  writeFileSync(file, '#!/usr/bin/env node\n');
  assert.throws(() => cliNodeOptions(file), (error: Error) => error.message.includes(file) && error.message.includes('#!/usr/bin/env node'));
});
