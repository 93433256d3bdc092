// The fake executables drive the same world as the in-process host: started as real processes, they change
// world.json and the mountinfo file, count faults and take VG locks across processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimHost, installFakeBinaries, locateWorldFiles } from '../src/sim/index.ts';
import { makeTempDir } from './support/temp-dir.ts';

const GiB = 1024 ** 3;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnFake(bin: string, name: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(join(bin, name), [...args], { cwd: tmpdir() }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number((error as NodeJS.ErrnoException & { code?: unknown }).code), stdout, stderr });
    });
  });
}

test('fake executables change world.json and mountinfo, count faults and lock VGs across processes', async () => {
  const dir = makeTempDir('sim-fake');
  const host = createSimHost({ dir, seed: 21 });
  host.control.createVg({ name: 'vg0', sizeBytes: 20 * GiB });
  host.control.createThinPool({ vg: 'vg0', name: 'pool', sizeBytes: 10 * GiB });
  host.control.createVolume({ vg: 'vg0', name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4', mountAt: '/srv/home' });
  const bin = await installFakeBinaries(dir);
  const target = join(dir, 'mnt');
  await mkdir(target);

  const created = await spawnFake(bin, 'lvm', ['lvcreate', '-s', '-kn', '-n', 'home-1', 'vg0/home']);
  assert.deepEqual(created, { code: 0, stdout: '  Logical volume "home-1" created.\n', stderr: '' });
  const saved = JSON.parse(await readFile(locateWorldFiles(dir).world, 'utf8')) as { vgs: { lvs: { name: string }[] }[] };
  assert.deepEqual(saved.vgs[0]!.lvs.map((lv) => lv.name), ['pool', 'home', 'home-1']);

  assert.equal((await spawnFake(bin, 'mount', ['-o', 'ro', '/dev/vg0/home-1', target])).code, 0);
  assert.match(await readFile(locateWorldFiles(dir).mountinfo, 'utf8'), new RegExp(` ${target} ro,relatime - ext4 /dev/mapper/vg0-home--1 ro,stripe=64\n$`));
  // The in-process host sees the process's change, and its own change reaches the file.
  assert.equal(host.control.listMounts().at(-1)?.target, target);
  assert.equal((await host.runner.run({ argv: ['umount', target], timeoutMs: 0 })).exitCode, 0);
  assert.doesNotMatch(await readFile(locateWorldFiles(dir).mountinfo, 'utf8'), /home--1/);

  host.control.injectFault({ kind: 'blkid', nth: 2, effect: { type: 'fail', exitCode: 4, stderr: 'blkid: error\n' } });
  const probes = [await spawnFake(bin, 'blkid', ['-o', 'value', '-s', 'TYPE', '/dev/vg0/home-1']),
    await host.runner.run({ argv: ['blkid', '-o', 'value', '-s', 'TYPE', '/dev/vg0/home-1'], timeoutMs: 0 })];
  assert.deepEqual(probes.map((probe) => ('code' in probe ? probe.code : probe.exitCode)), [0, 4]);

  host.control.setLatency('lvcreate', { startMs: 0, lockedMs: 300 });
  await Promise.all([
    spawnFake(bin, 'lvm', ['lvcreate', '-s', '-kn', '-n', 'home-2', 'vg0/home']),
    spawnFake(bin, 'lvm', ['lvcreate', '-s', '-kn', '-n', 'home-3', 'vg0/home']),
  ]);
  const events = host.control.lockEvents().filter((event) => event.lock === 'V_vg0').slice(-4);
  assert.deepEqual(events.map((event) => event.event), ['acquire', 'release', 'acquire', 'release']);
  assert.equal(events[0]!.holder, events[1]!.holder);
  assert.notEqual(events[0]!.pid, events[2]!.pid);
});

test('a fake executable refuses a world of another version, naming it', async () => {
  const dir = makeTempDir('sim-fake');
  await writeFile(locateWorldFiles(dir).world, JSON.stringify({ format: 'lvmsnapper-sim-world', version: 99 }));
  const ran = await spawnFake(await installFakeBinaries(dir), 'lvm', ['version']);
  assert.equal(ran.code, 70);
  assert.match(ran.stderr, /world version 99 is not supported/);
});
