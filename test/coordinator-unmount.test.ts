import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandRequest, CommandResult } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { splitIntoCalls, unmountFolders } from '../src/coordinator/unmount.ts';
import { readRealTool } from './host-real-tools.ts';

const TIMEOUTS = { lvm: 1000, mount: 1000, exportfs: 1000, blkid: 1000, pipeline: 1000 };

/** A host whose umount answers with `answer` and whose mount table then lists `mountedAfter`. */
function fakeHost(answer: (argv: readonly string[]) => Omit<CommandResult, 'argv' | 'durationMs'>, mountedAfter: string[] | Error) {
  const calls: string[][] = [];
  const host: Host = {
    runner: { run: async (request: CommandRequest) => { calls.push([...request.argv]); return { argv: request.argv, durationMs: 12, ...answer(request.argv) }; } },
    readMountinfo: async () => {
      if (mountedAfter instanceof Error) throw mountedAfter;
      return mountedAfter.map((target, index) => `${index + 30} 1 253:${index} / ${target} ro,relatime - ext4 /dev/mapper/x ro\n`).join('');
    },
    workerHost: { kind: 'exec' },
  };
  let call = 0;
  return { calls, context: { host, timeouts: TIMEOUTS, nextBatchCall: () => (call += 1) } };
}

const dirs = ['/snapshots/home/@GMT-2026.12.01-10.00.00', '/snapshots/data/@GMT-2026.12.01-10.00.00', '/snapshots/proj/@GMT-2026.12.01-10.00.00'];

test('one umount for the folders; each step shows its own folder and the shared call', async () => {
  const { calls, context } = fakeHost(() => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false }), new Error('not read after a success'));
  const steps = await unmountFolders(dirs, context);
  assert.deepEqual(calls, [['umount', ...dirs]]);
  for (const dir of dirs) assert.deepEqual(steps.get(dir), { step: 'umount', status: 'ok', command: ['umount', dir], batch: { call: 1, size: 3 }, durationMs: 12 });
});

test('after a failed umount the mount table says which folders came free; a busy one fails with its own message', async () => {
  const notMounted = readRealTool('33-umount-not-mounted').stderr.replace(dirs[0]!, dirs[2]!);
  const { context } = fakeHost(() => ({ exitCode: 64, stdout: '', stderr: `umount: ${dirs[1]}: target is busy.\n${notMounted}`, timedOut: false }), [dirs[1]!, '/srv/home']);
  const steps = await unmountFolders(dirs, context);
  assert.equal(steps.get(dirs[0]!)!.status, 'ok');
  assert.equal(steps.get(dirs[2]!)!.status, 'ok', 'not mounted is what an unmount wants');
  assert.equal(steps.get(dirs[1]!)!.status, 'failed');
  assert.equal(steps.get(dirs[1]!)!.error, `umount: ${dirs[1]}: target is busy.`);
});

test('a umount that timed out, with a mount table that cannot be read, fails every folder and says why', async () => {
  const { context } = fakeHost(() => ({ exitCode: null, stdout: '', stderr: '', timedOut: true }), new Error('EIO'));
  const steps = await unmountFolders(dirs.slice(0, 2), context);
  for (const dir of dirs.slice(0, 2)) {
    assert.equal(steps.get(dir)!.status, 'failed');
    assert.match(steps.get(dir)!.error!, /did not succeed and the mount table could not be read.*EIO/);
  }
});

test('a folder alone is its own umount, with no batch', async () => {
  const { calls, context } = fakeHost(() => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false }), []);
  const steps = await unmountFolders([dirs[0]!], context);
  assert.deepEqual(calls, [['umount', dirs[0]]]);
  assert.equal(steps.get(dirs[0]!)!.batch, undefined);
});

test('splitIntoCalls: one call up to 8 folders, then up to 4 even shares, more only past 512 a call', () => {
  const folders = (count: number) => Array.from({ length: count }, (_, index) => `/s/${index}`);
  const sizes = (count: number) => splitIntoCalls(folders(count)).map((call) => call.length);
  assert.deepEqual(sizes(0), []);
  assert.deepEqual(sizes(8), [8]);
  assert.deepEqual(sizes(9), [5, 4]);
  assert.deepEqual(sizes(62), [16, 16, 16, 14]);
  assert.deepEqual(sizes(3000), [500, 500, 500, 500, 500, 500]);
  assert.deepEqual(splitIntoCalls(folders(20)).flat(), folders(20), 'every folder once, in order');
});
