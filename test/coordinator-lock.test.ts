import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { acquireRunLock } from '../src/coordinator/lock.ts';
import { LockHeldError } from '../src/errors.ts';
import { makeTempDir } from './support/temp-dir.ts';

test("the run lock and the original tool's lockf on the same file keep each other out", async () => {
  const path = join(makeTempDir('lock'), 'lvmsnapper.lock');
  // The original took fcntl.lockf(fp, LOCK_EX | LOCK_NB) on lock_file.
  const original = spawn('python3', ['-c', [
    'import fcntl, sys',
    `f = open(${JSON.stringify(path)}, "w")`,
    'fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)',
    'print("locked", flush=True)',
    'sys.stdin.read()',
  ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [first] = await once(original.stdout, 'data') as [Buffer];
  assert.equal(first.toString().trim(), 'locked');
  await assert.rejects(acquireRunLock(path), LockHeldError);
  original.stdin.end();
  await once(original, 'exit');

  const lock = await acquireRunLock(path);
  const refused = spawn('python3', ['-c', [
    'import fcntl',
    `f = open(${JSON.stringify(path)}, "a")`,
    'try:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    print("taken")\nexcept OSError:\n    print("refused")',
  ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  refused.stdout.on('data', (chunk: Buffer) => { said += chunk.toString(); });
  await once(refused, 'exit');
  assert.equal(said.trim(), 'refused');
  await lock.release();
});
