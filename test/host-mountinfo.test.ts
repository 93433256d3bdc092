import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandResult } from '../src/host/command.ts';
import {
  buildBlkidArgv, buildMountArgv, buildUmountArgv, isNotMountedError, mountOptionsFor, parseBlkidType, parseMountinfo,
} from '../src/host/mountinfo.ts';
import { readRealTool, readRealToolFile } from './host-real-tools.ts';

test('parseMountinfo reads the captured mount table, snapshots included', () => {
  const mounts = parseMountinfo(readRealToolFile('mountinfo.txt'));
  assert.equal(mounts.length, 14);
  assert.deepEqual(mounts.find((m) => m.target === '/snapshots/data/@GMT-2026.12.01-10.00.00'), {
    mountId: 40,
    parentId: 29,
    device: '254:14',
    root: '/',
    target: '/snapshots/data/@GMT-2026.12.01-10.00.00',
    mountOptions: ['ro', 'relatime'],
    fsType: 'xfs',
    source: '/dev/mapper/vgA-data--20261201100000',
    superOptions: ['ro', 'nouuid', 'norecovery', 'attr2', 'inode64', 'logbufs=8', 'logbsize=32k', 'noquota'],
  });
});

test('parseMountinfo decodes a space in a path (\\040)', () => {
  const mounts = parseMountinfo(readRealToolFile('mountinfo.txt'));
  const spaced = mounts.find((m) => m.mountId === 42);
  assert.equal(spaced?.target, '/snap/with space');
  assert.equal(spaced?.source, '/dev/mapper/vgA-home--20261201110000');
});

test('parseMountinfo decodes tab, newline and backslash, and skips optional fields', () => {
  const line = '50 29 254:20 /sub\\134dir /mnt/a\\011b\\012c rw,relatime shared:7 master:3 - ext4 /dev/mapper/vg-x\\040y rw,opt=a\\054b\n';
  const [entry] = parseMountinfo(line);
  assert.equal(entry?.root, '/sub\\dir');
  assert.equal(entry?.target, '/mnt/a\tb\nc');
  assert.equal(entry?.source, '/dev/mapper/vg-x y');
  assert.equal(entry?.fsType, 'ext4');
  assert.deepEqual(entry?.superOptions, ['rw', 'opt=a,b']);
});

test('parseMountinfo rejects a line of the wrong shape, naming its line number', () => {
  assert.throws(() => parseMountinfo('29 1 0:24 / / rw,relatime overlay overlay rw\n'), /line 1: no " - " separator/);
  assert.throws(() => parseMountinfo('29 1 0:24 / / rw - overlay overlay\n'), /line 1: expected 3 fields after " - ", found 2/);
  assert.throws(() => parseMountinfo('\nx 1 0:24 / / rw - overlay overlay rw\n'), /line 2: mount and parent ids are not numbers/);
  assert.throws(() => parseMountinfo('29 1 024 / / rw - overlay overlay rw'), /device "024" is not major:minor/);
});

test('buildMountArgv and buildUmountArgv are the argv of fixtures 17, 19, 23 and 32', () => {
  assert.deepEqual(
    buildMountArgv('/dev/vgA/home-20261201100000', '/snapshots/home/@GMT-2026.12.01-10.00.00', ['ro', 'discard']),
    readRealTool('17-mount-ext4-ro').argv,
  );
  assert.deepEqual(
    buildMountArgv('/dev/vgA/data-20261201100000', '/snapshots/data/@GMT-2026.12.01-10.00.00', mountOptionsFor('xfs', ['ro'])),
    readRealTool('19-mount-xfs-ro-nouuid').argv,
  );
  assert.deepEqual(buildMountArgv('/dev/vgA/home-20261201110000', '/snap/with space', ['ro']), readRealTool('23-mount-dir-with-space').argv);
  assert.deepEqual(buildUmountArgv(['/snapshots/home/@GMT-2026.12.01-10.00.00']), readRealTool('32-umount-ok').argv);
  assert.throws(() => buildMountArgv('/dev/vgA/x', '/s', []), /ro at least/);
});

test('buildBlkidArgv and parseBlkidType read fixtures 14, 15 and 16', () => {
  assert.deepEqual(buildBlkidArgv('/dev/vgA/home-20261201100000'), readRealTool('14-blkid-ext4').argv);
  assert.equal(parseBlkidType(readRealTool('14-blkid-ext4').stdout), 'ext4');
  assert.equal(parseBlkidType(readRealTool('15-blkid-xfs').stdout), 'xfs');
  assert.equal(parseBlkidType(readRealTool('16-blkid-missing').stdout), undefined);
  assert.throws(() => parseBlkidType('ext4\nxfs\n'), /more than one type/);
});

test('mountOptionsFor: XFS gets nouuid,norecovery; ext4 nothing; ro always first and once', () => {
  assert.deepEqual(mountOptionsFor('xfs', ['ro']), ['ro', 'nouuid', 'norecovery']);
  assert.deepEqual(mountOptionsFor('ext4', ['discard', 'ro']), ['ro', 'discard']);
  assert.deepEqual(mountOptionsFor('ext4', []), ['ro']);
  assert.deepEqual(mountOptionsFor(undefined, ['noatime']), ['ro', 'noatime']);
  assert.deepEqual(mountOptionsFor('xfs', ['nouuid', 'ro', 'noatime']), ['ro', 'nouuid', 'noatime', 'norecovery']);
  assert.throws(() => mountOptionsFor('ext4', ['rw']), /read-only/);
});

test('isNotMountedError: umount of something not mounted (fixture 33), and nothing else', () => {
  assert.equal(isNotMountedError(readRealTool('33-umount-not-mounted')), true);
  assert.equal(isNotMountedError(readRealTool('32-umount-ok')), false);
  assert.equal(isNotMountedError(readRealTool('20-mount-already-mounted')), false);
  const busy: CommandResult = { ...readRealTool('33-umount-not-mounted'), stderr: 'umount: /snap/x: target is busy.\n' };
  assert.equal(isNotMountedError(busy), false);
});
