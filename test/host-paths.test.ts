import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, ensureLink, removeLinkIfOurs } from '../src/host/paths.ts';
import { makeTempDir } from './support/temp-dir.ts';

const scratch = () => makeTempDir('paths');

test('ensureLink creates the link, and its folders when they are missing', async () => {
  const root = scratch();
  const link = join(root, 'home', '.snapshots', '@GMT-2026.12.01-10.00.00');
  assert.equal(await ensureLink(link, '/snapshots/home/@GMT-2026.12.01-10.00.00'), 'created');
  assert.equal(readlinkSync(link), '/snapshots/home/@GMT-2026.12.01-10.00.00');
  assert.ok(statSync(join(root, 'home', '.snapshots')).isDirectory());
  const second = join(root, 'home', '.snapshots', '@GMT-2026.12.01-11.00.00');
  assert.equal(await ensureLink(second, '/snapshots/home/@GMT-2026.12.01-11.00.00'), 'created');
});

test('ensureLink accepts the same link again and refuses anything else in its place', async () => {
  const root = scratch();
  const link = join(root, '@GMT-2026.12.01-10.00.00');
  await ensureLink(link, '/a');
  assert.equal(await ensureLink(link, '/a'), 'present');
  await assert.rejects(ensureLink(link, '/b'), /points to \/a/);
  const file = join(root, '@GMT-2026.12.01-11.00.00');
  writeFileSync(file, 'not ours');
  await assert.rejects(ensureLink(file, '/a'), /is not a symbolic link/);
});

test('removeLinkIfOurs removes only a link to the expected folder; a folder, a file or another link stays', async () => {
  const root = scratch();
  const ours = join(root, '@GMT-2026.12.01-10.00.00');
  symlinkSync('/snapshots/home/@GMT-2026.12.01-10.00.00', ours);
  assert.equal(await removeLinkIfOurs(ours, '/snapshots/home/@GMT-2026.12.01-10.00.00'), 'removed');
  assert.throws(() => lstatSync(ours), { code: 'ENOENT' });
  assert.equal(await removeLinkIfOurs(ours, '/snapshots/home/@GMT-2026.12.01-10.00.00'), 'absent');
  const elsewhere = join(root, '@GMT-2026.12.01-11.00.00');
  symlinkSync('/etc', elsewhere);
  await assert.rejects(removeLinkIfOurs(elsewhere, '/snapshots/home/@GMT-2026.12.01-11.00.00'),
    new RegExp(`^Error: ${elsewhere} points to /etc, not /snapshots/home/@GMT-2026.12.01-11.00.00: left alone$`));
  assert.equal(readlinkSync(elsewhere), '/etc');
  const file = join(root, '@GMT-2026.12.01-12.00.00');
  writeFileSync(file, 'not ours');
  await assert.rejects(removeLinkIfOurs(file, '/x'), new RegExp(`^Error: ${file} is not a symbolic link: left alone$`));
  assert.equal(readFileSync(file, 'utf8'), 'not ours');
  const folder = join(root, '@GMT-2026.12.01-13.00.00');
  mkdirSync(folder);
  await assert.rejects(removeLinkIfOurs(folder, '/x'), /is not a symbolic link: left alone/);
  assert.ok(statSync(folder).isDirectory());
});

test('ensureLink under a file where its folder should be fails with the system error', async () => {
  const root = scratch();
  writeFileSync(join(root, 'linkdir'), 'a file');
  await assert.rejects(ensureLink(join(root, 'linkdir', '@GMT-2026.12.01-10.00.00'), '/a'), { code: 'ENOTDIR' });
});

test('ensureDir makes the missing folders with the mode; an existing folder, or a link to one, is fine', async () => {
  const root = scratch();
  const state = join(root, 'var', 'lib', 'lvmsnapper');
  await ensureDir(state, 0o700);
  assert.equal(statSync(state).mode & 0o777, 0o700 & ~process.umask());
  assert.equal(statSync(join(root, 'var')).mode & 0o777, 0o700 & ~process.umask());
  await ensureDir(state, 0o700);
  mkdirSync(join(root, 'elsewhere'));
  symlinkSync(join(root, 'elsewhere'), join(root, 'linked'));
  await ensureDir(join(root, 'linked'));
  await ensureDir(join(root, 'linked', 'below'));
  assert.ok(statSync(join(root, 'elsewhere', 'below')).isDirectory());
});

test('ensureDir refuses a file in the way', async () => {
  const root = scratch();
  writeFileSync(join(root, 'file'), 'in the way');
  await assert.rejects(ensureDir(join(root, 'file')), { code: 'EEXIST' });
  await assert.rejects(ensureDir(join(root, 'file', 'below')), { code: 'ENOTDIR' });
});

test('ensureDir gives up at once where mkdir cannot make a folder (under /proc)', () => {
  // In a process of its own, killed if it spins: node's recursive mkdir never returns there.
  const paths = new URL('../src/host/paths.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(paths)}).then((m) => m.ensureDir('/proc/lvmsnapper-test/a/b'))`
    + '.then(() => console.log("made"), (error) => console.log(error.code))';
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  assert.equal(result.signal, null, 'ensureDir did not answer within a minute');
  assert.equal(result.stdout.trim(), 'ENOENT', result.stderr);
});
