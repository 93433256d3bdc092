import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExecRunner } from '../src/host/exec.ts';
import { succeeded } from '../src/host/command.ts';
import { makeTempDir } from './support/temp-dir.ts';

let dir = '';
const runner = createExecRunner();

function writeScript(name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

before(() => {
  dir = makeTempDir('exec');
});

test('a command that succeeds: exit 0, stdout and stderr kept as they were printed', async () => {
  const script = writeScript('ok', 'printf "  Logical volume \\"%s\\" created.\\n" "$1"; echo "  WARNING: pool" >&2');
  const result = await runner.run({ argv: [script, 'home-1'], timeoutMs: 10_000 });
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, '  Logical volume "home-1" created.\n');
  assert.equal(result.stderr, '  WARNING: pool\n');
  assert.deepEqual(result.argv, [script, 'home-1']);
  assert.equal(result.timedOut, false);
  assert.equal(result.spawnError, undefined);
  assert.equal(succeeded(result), true);
});

test('a non-zero exit is returned, not thrown', async () => {
  const script = writeScript('fail', 'echo "  Failed to find logical volume \\"vgA/nope-1\\"" >&2; exit 5');
  const result = await runner.run({ argv: [script], timeoutMs: 10_000 });
  assert.equal(result.exitCode, 5);
  assert.equal(result.stderr, '  Failed to find logical volume "vgA/nope-1"\n');
  assert.equal(succeeded(result), false);
});

test('arguments reach the command as they are: no shell, spaces and metacharacters intact', async () => {
  const script = writeScript('args', 'for a in "$@"; do printf "[%s]\\n" "$a"; done');
  const result = await runner.run({ argv: [script, '/snap/with space', '$(touch x); *', ''], timeoutMs: 10_000 });
  assert.equal(result.stdout, '[/snap/with space]\n[$(touch x); *]\n[]\n');
});

test('the command runs in the C locale, stdin closed, and finds sbin tools on PATH', async () => {
  const script = writeScript('env', 'echo "$LC_ALL|$LVM_SUPPRESS_FD_WARNINGS|$PATH"; cat; echo "stdin:$?"');
  const result = await runner.run({ argv: [script], timeoutMs: 10_000 });
  const [locale, fdWarnings, path, stdin] = result.stdout.trim().split(/\||\n/);
  assert.equal(locale, 'C');
  assert.equal(fdWarnings, '1');
  assert.ok(path?.split(':').includes('/usr/sbin'), path);
  assert.equal(stdin, 'stdin:0');
});

test('a command past its deadline is killed, with its children: timedOut, no exit code', async () => {
  // The child sleep holds stdout open: only killing the whole process group ends the wait.
  const script = writeScript('slow', 'echo started; sleep 60; echo never');
  const result = await runner.run({ argv: [script], timeoutMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.exitCode, null);
  assert.equal(result.stdout, 'started\n');
  assert.equal(succeeded(result), false);
});

test('a missing binary is a spawn error naming it', async () => {
  const result = await runner.run({ argv: ['lvmsnapper-no-such-binary', 'lvs'], timeoutMs: 10_000 });
  assert.equal(result.spawnError, 'lvmsnapper-no-such-binary: not found on PATH');
  assert.equal(result.exitCode, null);
  assert.equal(result.timedOut, false);
});

test('a file that is not executable is a spawn error too', async () => {
  const script = writeScript('noexec', 'exit 0', 0o644);
  const result = await runner.run({ argv: [script], timeoutMs: 10_000 });
  assert.equal(result.spawnError, `${script}: permission denied (not executable)`);
  assert.equal(result.exitCode, null);
});

test('a bare name is looked up on PATH, so a fake first on PATH wins', async () => {
  writeScript('lvm', 'echo fake-lvm "$@"');
  const saved = process.env.PATH;
  process.env.PATH = `${dir}:${saved ?? ''}`;
  try {
    const result = await runner.run({ argv: ['lvm', 'version'], timeoutMs: 10_000 });
    assert.equal(result.stdout, 'fake-lvm version\n');
  } finally {
    process.env.PATH = saved;
  }
});

test('output past the bound stops the command and is reported as a failure', async () => {
  const script = writeScript('flood', 'yes lvmsnapper-flood-line');
  const bounded = createExecRunner({ maxStdoutBytes: 1024 * 1024, maxStderrBytes: 1024 });
  const result = await bounded.run({ argv: [script], timeoutMs: 60_000 });
  assert.equal(result.exitCode, null);
  assert.equal(result.timedOut, false);
  assert.equal(result.stdout.length, 1024 * 1024);
  assert.match(result.stderr, /its output was larger than 1048576 bytes/);
});

test('an empty argv is a programming error', async () => {
  await assert.rejects(runner.run({ argv: [], timeoutMs: 0 }), /empty argv/);
});
