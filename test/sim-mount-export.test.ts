// The simulated mount, umount and exportfs beyond the captured fixtures: XFS log recovery, option checks, busy
// targets, mountinfo escapes, and the export table's order, resets and /etc/exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimHost } from '../src/sim/index.ts';
import { createSimHost } from '../src/sim/index.ts';
import { makeTempDir } from './support/temp-dir.ts';

const GiB = 1024 ** 3;
const DMESG = '       dmesg(1) may have more information after failed mount system call.\n';

function xfsHost(): SimHost {
  const host = createSimHost({ seed: 5 });
  host.control.createVg({ name: 'vg0', sizeBytes: 20 * GiB });
  host.control.createThinPool({ vg: 'vg0', name: 'pool', sizeBytes: 10 * GiB });
  host.control.createVolume({ vg: 'vg0', name: 'data', pool: 'pool', sizeBytes: GiB, fs: 'xfs', mountAt: '/srv/data' });
  host.control.createVolume({ vg: 'vg0', name: 'cold', pool: 'pool', sizeBytes: GiB, fs: 'xfs' });
  host.control.createVolume({ vg: 'vg0', name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4' });
  return host;
}

const run = async (host: SimHost, ...argv: string[]) => {
  const { exitCode, stdout, stderr } = await host.runner.run({ argv, timeoutMs: 0 });
  return { exitCode, stdout, stderr };
};

test('an XFS snapshot of a mounted origin mounts read-only only with nouuid and norecovery', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  await run(host, 'lvm', 'lvcreate', '-s', '-kn', '-n', 'live', 'vg0/data');
  await run(host, 'lvm', 'lvcreate', '-s', '-kn', '-n', 'still', 'vg0/cold');
  const bad = `mount: ${root}: wrong fs type, bad option, bad superblock on /dev/mapper/vg0-live, missing codepage or helper program, or other error.\n${DMESG}`;
  assert.deepEqual(await run(host, 'mount', '-o', 'ro,nouuid', '/dev/vg0/live', root), { exitCode: 32, stdout: '', stderr: bad });
  assert.deepEqual(await run(host, 'mount', '-o', 'norecovery,nouuid', '/dev/vg0/live', root), { exitCode: 32, stdout: '', stderr: bad });
  assert.equal((await run(host, 'mount', '-o', 'ro,nouuid,norecovery', '/dev/vg0/live', root)).exitCode, 0);
  // A snapshot of an unmounted file system has a clean log and a UUID nobody uses.
  await mkdir(join(root, 'still'));
  assert.equal((await run(host, 'mount', '-o', 'ro', '/dev/vg0/still', join(root, 'still'))).exitCode, 0);
});

test('mount refuses what the kernel refuses: options of another fs, a missing device, a file as mount point', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  const reason = (text: string): string => `mount: ${root}: ${text}.\n${DMESG}`;
  assert.equal((await run(host, 'mount', '-o', 'ro,nouuid', '/dev/vg0/home', root)).stderr,
    reason('wrong fs type, bad option, bad superblock on /dev/mapper/vg0-home, missing codepage or helper program, or other error'));
  host.control.deactivate('vg0', 'home');
  assert.deepEqual(await run(host, 'mount', '-o', 'ro', '/dev/vg0/home', root),
    { exitCode: 32, stdout: '', stderr: reason('special device /dev/vg0/home does not exist') });
  await writeFile(join(root, 'file'), '');
  assert.equal((await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold', join(root, 'file'))).stderr,
    `mount: ${join(root, 'file')}: mount point is not a directory.\n${DMESG}`);
  assert.deepEqual(await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold'),
    { exitCode: 1, stdout: '', stderr: "mount: /dev/vg0/cold: can't find in /etc/fstab.\n" });
});

test('X-mount.mkdir makes the mount point and its parents first, even for a device that does not exist, as util-linux 2.38 does', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  const gone = join(root, 'snap', 'gone', '@GMT-1');
  assert.equal((await run(host, 'mount', '-o', 'ro,X-mount.mkdir', '/dev/vg0/none', gone)).stderr,
    `mount: ${gone}: special device /dev/vg0/none does not exist.\n${DMESG}`);
  assert.equal((await stat(gone)).mode & 0o777, 0o755);
  const target = join(root, 'snap', 'home', '@GMT-1');
  assert.deepEqual(await run(host, 'mount', '-o', 'ro,X-mount.mkdir', '/dev/vg0/home', target), { exitCode: 0, stdout: '', stderr: '' });
  assert.ok(host.control.listMounts().some((mount) => mount.target === target && !mount.mountOptions.some((option) => /mkdir/.test(option))));
  // A folder that cannot be made: util-linux 2.38.1 says only this, exit 1 (as root, in the VM suite's guest).
  await writeFile(join(root, 'file'), '');
  assert.deepEqual(await run(host, 'mount', '-o', 'ro,X-mount.mkdir', '/dev/vg0/cold', join(root, 'file', '@GMT-1')),
    { exitCode: 1, stdout: '', stderr: `mount: ${join(root, 'file', '@GMT-1')}: operation permitted for root only.\n` });
  assert.equal((await run(host, 'mount', '-o', 'ro,X-mount.mkdir', '/dev/vg0/cold', join(root, 'file'))).stderr,
    `mount: ${join(root, 'file')}: mount point is not a directory.\n${DMESG}`);
  // Without the option a missing folder is the kernel's answer.
  assert.equal((await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold', join(root, 'missing'))).stderr,
    `mount: ${join(root, 'missing')}: mount point does not exist.\n${DMESG}`);
});

test('umount: the topmost mount goes, a target with mounts below is busy, a missing folder is no mount point', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  const inner = join(root, 'inner');
  await mkdir(inner);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/home', root);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold', inner);
  assert.deepEqual(await run(host, 'umount', root), { exitCode: 32, stdout: '', stderr: `umount: ${root}: target is busy.\n` });
  assert.deepEqual(await run(host, 'umount', '/dev/vg0/cold'), { exitCode: 0, stdout: '', stderr: '' });
  assert.deepEqual(await run(host, 'umount', `${root}/`), { exitCode: 0, stdout: '', stderr: '' });
  assert.deepEqual(await run(host, 'umount', join(root, 'gone')),
    { exitCode: 32, stdout: '', stderr: `umount: ${join(root, 'gone')}: no mount point specified.\n` });
  assert.deepEqual(host.control.listMounts().map((mount) => mount.target), ['/', '/srv/data']);
});

test('umount of several targets goes on past a failed one and adds up their exit statuses, as util-linux does', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  const [first, second] = [join(root, 'first'), join(root, 'second')];
  await mkdir(first);
  await mkdir(second);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/home', first);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold', second);
  assert.deepEqual(await run(host, 'umount', root, first, join(root, 'gone'), second), {
    exitCode: 64, stdout: '',
    stderr: `umount: ${root}: not mounted.\numount: ${join(root, 'gone')}: no mount point specified.\n`,
  });
  assert.deepEqual(host.control.listMounts().map((mount) => mount.target), ['/', '/srv/data']);
  const many = Array.from({ length: 9 }, () => root);
  assert.equal((await run(host, 'umount', ...many)).exitCode, 255, 'nine failures: 288, capped at 255');
});

test('mountinfo escapes space, tab, newline and backslash in paths as octal, and names each mount\'s parent', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  const odd = join(root, 'a b\tc\nd\\e');
  await mkdir(odd);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/home', odd);
  const line = host.mountinfo().trim().split('\n').at(-1)!;
  assert.equal(line.split(' ')[4], `${root}/a\\040b\\011c\\012d\\134e`);
  const [, parent] = line.split(' ');
  assert.equal(parent, '21');
  const inner = join(odd, 'x');
  await mkdir(inner);
  await run(host, 'mount', '-o', 'ro', '/dev/vg0/cold', inner);
  const [innerId, innerParent] = host.mountinfo().trim().split('\n').at(-1)!.split(' ');
  assert.equal(Number(innerParent), Number(innerId) - 1);
});

test('exportfs keeps nfs-utils\' list order: each changing run reads etab back, putting new paths first', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  for (const dir of ['a', 'bb', 'ccc']) await mkdir(join(root, dir));
  await run(host, 'exportfs', '-o', 'ro', `h1:${root}/a`);
  await run(host, 'exportfs', '-o', 'ro', `h1:${root}/bb`);
  await run(host, 'exportfs', '-o', 'ro', `h1:${root}/ccc`, `10.0.0.2:${root}/ccc`);
  assert.deepEqual(host.control.listExports().map((each) => `${each.client}:${each.path.slice(root.length)}`),
    ['h1:/ccc', '10.0.0.2:/ccc', 'h1:/a', 'h1:/bb']);
});

test('exportfs -u ignores a trailing slash, reports what is not exported, and -ua empties the table', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  await run(host, 'exportfs', '-o', 'rw,no_root_squash,fsid=17', `*:${root}`, `@grp:${root}`, `[2001:db8::1]:${root}`);
  const verbose = await run(host, 'exportfs', '-v');
  assert.equal(verbose.stdout.split('\n').filter((line) => line.startsWith('\t\t')).map((line) => line.split('(')[0]!.trim()).join(' '),
    '2001:db8::1 @grp <world>');
  assert.match(verbose.stdout, /\t\t<world>\(sync,wdelay,hide,no_subtree_check,fsid=17,sec=sys,rw,secure,no_root_squash,no_all_squash\)\n/);
  assert.deepEqual(await run(host, 'exportfs', '-u', `@grp:${root}/`, `h9:${root}`),
    { exitCode: 1, stdout: '', stderr: `exportfs: Could not find 'h9:${root}' to unexport.\n` });
  assert.deepEqual(host.control.listExports().map((each) => each.client), ['2001:db8::1', '*']);
  await run(host, 'exportfs', '-ua');
  assert.deepEqual(host.control.listExports(), []);
});

test('exportfs -r puts etab back to /etc/exports; a missing path is reported yet exported, a bad fsid is not', async () => {
  const root = makeTempDir('sim-mount');
  const host = xfsHost();
  host.control.setEtcExports([{ client: '10.0.0.0/8', path: root, options: 'rw,sync' }]);
  assert.deepEqual(await run(host, 'exportfs', '-o', 'ro', `h1:${root}/missing`),
    { exitCode: 1, stdout: '', stderr: `exportfs: Failed to stat ${root}/missing: No such file or directory\n` });
  assert.deepEqual(host.control.listExports().map((each) => each.client), ['h1']);
  assert.deepEqual(await run(host, 'exportfs', '-o', 'fsid=zz', `h2:${root}`),
    { exitCode: 1, stdout: '', stderr: 'exportfs: command line: 0: bad fsid "fsid=zz"\n\n' });
  assert.equal((await run(host, 'exportfs', '-ra')).exitCode, 0);
  assert.deepEqual(host.control.listExports(), [{
    path: root, client: '10.0.0.0/8', options: ['sync', 'wdelay', 'hide', 'no_subtree_check', 'sec=sys', 'rw', 'secure', 'root_squash', 'no_all_squash'],
  }]);
  const short = await run(host, 'exportfs');
  assert.equal(short.stdout, `${root}\n\t\t10.0.0.0/8\n`);
});
