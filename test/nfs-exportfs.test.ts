import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandResult } from '../src/host/command.ts';
import {
  buildExportArgv, buildExportListArgv, buildUnexportArgv, exportOptionsFor, fsidForSnapshot, isNotExportedError, parseExportfsVerbose,
} from '../src/nfs/exportfs.ts';
import { readRealTool } from './host-real-tools.ts';

const HOME = '/snapshots/home/@GMT-2026.12.01-10.00.00';
const DATA = '/snapshots/data/@GMT-2026.12.01-10.00.00';
const FSID = 'fsid=3f1c2b7a-0d6e-4c39-9a51-1b2d3e4f5a6b';

test('buildExportArgv exports several clients and folders in one call, as fixture 25 ran', () => {
  const argv = buildExportArgv([
    { client: '10.1.1.0/24', path: HOME },
    { client: '192.168.7.7', path: HOME },
    { client: '*.example.org', path: DATA },
    { client: '@netgrp', path: DATA },
  ], ['ro', 'no_subtree_check', FSID]);
  assert.deepEqual(argv, readRealTool('25-exportfs-export-many').argv);
});

test('buildExportArgv brackets an IPv6 client and keeps a path with a space in one argument', () => {
  assert.deepEqual(
    buildExportArgv([{ client: '2001:db8::/64', path: '/snap/with space' }], ['ro']),
    ['exportfs', '-o', 'ro', '[2001:db8::/64]:/snap/with space'],
  );
  assert.deepEqual(buildExportArgv([{ client: 'host', path: '/s' }], []), ['exportfs', 'host:/s']);
  assert.throws(() => buildExportArgv([], ['ro']), /at least one/);
});

test('buildUnexportArgv is fixture 27 for one target, and one call for several', () => {
  assert.deepEqual(buildUnexportArgv([{ client: '192.168.7.7', path: HOME }]), readRealTool('27-exportfs-unexport').argv);
  assert.deepEqual(
    buildUnexportArgv([{ client: '192.168.7.7', path: HOME }, { client: '10.1.1.0/24', path: HOME }]),
    ['exportfs', '-u', `192.168.7.7:${HOME}`, `10.1.1.0/24:${HOME}`],
  );
  assert.throws(() => buildUnexportArgv([]), /at least one/);
});

test('isNotExportedError: "Could not find" is already done (fixture 28); other failures are not', () => {
  assert.equal(isNotExportedError(readRealTool('28-exportfs-unexport-missing')), true);
  assert.equal(isNotExportedError(readRealTool('27-exportfs-unexport')), false);
  assert.equal(isNotExportedError(readRealTool('29-exportfs-bad-option')), false);
  assert.equal(isNotExportedError(readRealTool('30-exportfs-missing-path')), false);
  const twoMissing: CommandResult = {
    ...readRealTool('28-exportfs-unexport-missing'),
    stderr: `exportfs: Could not find 'a:${HOME}' to unexport.\nexportfs: Could not find 'b:${HOME}' to unexport.\n`,
  };
  assert.equal(isNotExportedError(twoMissing), true);
  const mixed: CommandResult = { ...twoMissing, stderr: `${twoMissing.stderr}exportfs: Invalid export syntax: x\n` };
  assert.equal(isNotExportedError(mixed), false);
});

test('parseExportfsVerbose reads fixture 26: long paths on their own line', () => {
  assert.deepEqual(buildExportListArgv(), readRealTool('26-exportfs-verbose').argv);
  const entries = parseExportfsVerbose(readRealTool('26-exportfs-verbose').stdout);
  assert.deepEqual(entries.map((e) => [e.path, e.client]), [
    [HOME, '192.168.7.7'], [HOME, '10.1.1.0/24'], [DATA, '*.example.org'], [DATA, '@netgrp'],
  ]);
  assert.deepEqual(entries[0]?.options, [
    'sync', 'wdelay', 'hide', 'no_subtree_check', FSID, 'sec=sys', 'ro', 'secure', 'root_squash', 'no_all_squash',
  ]);
});

test('parseExportfsVerbose reads short paths sharing the line, <world> as *, the name exportfs takes back, and a path with a space', () => {
  const stdout = [
    '/srv          \t<world>(sync,wdelay,hide,sec=sys,ro,secure,root_squash,no_all_squash)',
    '/a b          \t10.0.0.1(sync,fsid=1)',
    '/snap/with space/@GMT-2026.12.01-10.00.00',
    '\t\t2001:db8::/64(sync,ro)',
    '',
  ].join('\n');
  assert.deepEqual(parseExportfsVerbose(stdout), [
    { path: '/srv', client: '*', options: ['sync', 'wdelay', 'hide', 'sec=sys', 'ro', 'secure', 'root_squash', 'no_all_squash'] },
    { path: '/a b', client: '10.0.0.1', options: ['sync', 'fsid=1'] },
    { path: '/snap/with space/@GMT-2026.12.01-10.00.00', client: '2001:db8::/64', options: ['sync', 'ro'] },
  ]);
  assert.deepEqual(parseExportfsVerbose(''), []);
});

test('parseExportfsVerbose rejects output of another shape', () => {
  assert.throws(() => parseExportfsVerbose('\t\thost(ro)\n'), /client line without a path/);
  assert.throws(() => parseExportfsVerbose(`${HOME}\n${DATA}\n\t\thost(ro)\n`), /has no client line/);
  assert.throws(() => parseExportfsVerbose(`${HOME}\n`), /has no client line/);
  assert.throws(() => parseExportfsVerbose('/srv          \thost ro\n'), /"host ro" for \/srv is not client\(options\)/);
});

test('fsidForSnapshot is a stable UUID of 32 hex digits, different for each snapshot', () => {
  const fsid = fsidForSnapshot('CTpaMN-5RQN-k1wX-CFjI-eiXR-f6h4-yqvcTk');
  assert.match(fsid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(fsidForSnapshot('CTpaMN-5RQN-k1wX-CFjI-eiXR-f6h4-yqvcTk'), fsid);
  // The first 128 bits of SHA-256("vgA/home-20261201100000").
  assert.equal(fsidForSnapshot('vgA/home-20261201100000'), '300f2bff-eb7b-e845-84fc-bc10311c81b5');
  assert.notEqual(fsidForSnapshot('vgA/home-20261201110000'), fsidForSnapshot('vgA/home-20261201100000'));
});

test('exportOptionsFor adds fsid= unless the configured options set one', () => {
  const key = 'vgA/home-20261201100000';
  assert.deepEqual(exportOptionsFor(['ro', 'no_subtree_check'], key), ['ro', 'no_subtree_check', `fsid=${fsidForSnapshot(key)}`]);
  assert.deepEqual(exportOptionsFor(['ro', 'fsid=7'], key), ['ro', 'fsid=7']);
});
