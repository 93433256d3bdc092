// One test per kind of configuration error: each names the section, the key and what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/errors.ts';
import type { ConfigIssue } from '../src/errors.ts';
import { loadConfig, parseConfig } from '../src/config/load-config.ts';

const PATH = '/etc/lvmsnapper.conf';

function collectIssues(text: string): ConfigIssue[] {
  try {
    parseConfig(text, PATH, () => 'Europe/Amsterdam');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return assert.fail('expected a ConfigError');
}

interface Expected {
  section?: string;
  key?: string;
  line?: number;
  message: RegExp;
}

/** Asserts that `text` has exactly the one issue described. */
function assertIssue(text: string, expected: Expected): void {
  const issues = collectIssues(text);
  assert.equal(issues.length, 1, `expected one issue, got: ${JSON.stringify(issues, null, 1)}`);
  const [issue] = issues;
  assert.equal(issue.section, expected.section, 'section');
  assert.equal(issue.key, expected.key, 'key');
  if (expected.line !== undefined) assert.equal(issue.line, expected.line, 'line');
  assert.match(issue.message, expected.message);
}

/** A valid volume section, with keys replaced or (with undefined) removed. */
function volume(name: string, changes: Record<string, string | undefined> = {}): string {
  const keys: Record<string, string | undefined> = {
    vg: 'vg0', lv: name, mount: `/srv/${name}`, snapdir: `/srv/snapshots/${name}`, ...changes,
  };
  const lines = Object.entries(keys).filter(([, value]) => value !== undefined).map(([key, value]) => `${key} = ${value}`);
  return `[${name}]\n${lines.join('\n')}\n`;
}

test('an unreadable file names the path and the OS reason', async () => {
  await assert.rejects(loadConfig('/nonexistent/lvmsnapper.conf'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^\/nonexistent\/lvmsnapper\.conf: 1 error/);
    assert.match(error.issues[0].message, /cannot read the configuration file: ENOENT: no such file or directory/);
    return true;
  });
});

test('a key before any section', () => {
  assertIssue('enabled = true\n[main]\n', { key: 'enabled', line: 1, message: /outside any section/ });
});

test('a line that is neither a section nor key = value', () => {
  assertIssue('[main]\nenabled true\n', { section: 'main', line: 2, message: /expected `key = value`/ });
  assertIssue('[main]\nenabled: true\n', { section: 'main', line: 2, message: /use `=`, not `:`/ });
  assertIssue('[main\n', { line: 1, message: /malformed section header/ });
});

test('a value continued on an indented line (configparser allows it, we do not)', () => {
  assertIssue(`${volume('home', { nfsexports: '10.0.0.1' })}  10.0.0.2\n`, {
    section: 'home', line: 7, message: /values cannot continue on the next line/,
  });
});

test('an empty section name', () => {
  assertIssue('[ ]\n', { line: 1, message: /empty section name/ });
});

test('a duplicate section, which ini would merge silently', () => {
  assertIssue('[main]\nenabled = true\n\n[main]\nconcurrency = 4\n', {
    section: 'main', line: 4, message: /duplicate section \(first defined at line 1\)/,
  });
});

test('a duplicate key, also when it differs only in case', () => {
  assertIssue('[main]\nenabled = true\nEnabled = false\n', {
    section: 'main', key: 'enabled', line: 3, message: /duplicate key \(first set at line 2\)/,
  });
});

test('an unknown key close to a known one gets a suggestion', () => {
  assertIssue('[main]\nenabld = true\n', { section: 'main', key: 'enabld', line: 2, message: /did you mean `enabled`\?/ });
  assertIssue(volume('home', { 'mount_options': 'ro' }), {
    section: 'home', key: 'mount_options', message: /did you mean `mountoptions`\?/,
  });
});

test('a key in the wrong kind of section says where it belongs', () => {
  assertIssue(volume('home', { loglevel: 'info' }), {
    section: 'home', key: 'loglevel', message: /`loglevel` belongs in a \[logging\] section/,
  });
});

test('an unknown key far from every known one lists the known keys', () => {
  assertIssue('[logging]\ncolour = yes\n', { section: 'logging', key: 'colour', message: /known keys: loglevel/ });
});

test('a misspelt or miscased reserved section is not silently taken as a volume', () => {
  assertIssue('[Main]\nenabled = true\n', { section: 'Main', line: 1, message: /did you mean `\[main\]`\?/ });
  assertIssue('[loging]\nloglevel = info\n', { section: 'loging', message: /did you mean `\[logging\]`\?/ });
  assertIssue('[expire-daily]\nmatch = * * * *\nexpire_after = 1 day\n', {
    section: 'expire-daily', message: /named `\[expire_<name>\]`, with an underscore/,
  });
  assertIssue('[DEFAULT]\nmount = /srv\nvg = vg0\n', { section: 'DEFAULT', line: 1, message: /\[DEFAULT\] is not supported/ });
});

test('a bad boolean', () => {
  assertIssue('[main]\nenabled = maybe\n', { section: 'main', key: 'enabled', message: /`maybe` is not a boolean/ });
});

test('a relative path where an absolute one is needed', () => {
  assertIssue('[main]\nlock_file = run/lvmsnapper.lock\n', {
    section: 'main', key: 'lock_file', message: /`run\/lvmsnapper\.lock` is not an absolute path/,
  });
});

test('a path with a `..` component', () => {
  assertIssue(volume('home', { snapdir: '/srv/snapshots/../home' }), {
    section: 'home', key: 'snapdir', message: /contains a `\.\.` component/,
  });
});

test('a path with a control character (a tab, written as a JSON escape in double quotes)', () => {
  assertIssue(volume('home', { linkdir: '"/srv/home/\\tlinks"' }), {
    section: 'home', key: 'linkdir', message: /control character/,
  });
});

test('an unknown time zone', () => {
  assertIssue('[main]\ntimezone = Europe/Amsterdm\n', {
    section: 'main', key: 'timezone', message: /`Europe\/Amsterdm` is not a known time zone/,
  });
});

test('numbers out of range or not numbers', () => {
  assertIssue('[main]\nmax_pool_data_percent = 101\n', {
    section: 'main', key: 'max_pool_data_percent', message: /not a number from 0 to 100/,
  });
  assertIssue('[main]\nconcurrency = 2.5\n', { section: 'main', key: 'concurrency', message: /not a whole number from 1 to 256/ });
  assertIssue('[main]\nconcurrency = 0\n', { section: 'main', key: 'concurrency', message: /from 1 to 256/ });
});

test('a bad timeout', () => {
  assertIssue('[main]\nlvm_timeout = soon\n', { section: 'main', key: 'lvm_timeout', message: /`soon` is not a timeout/ });
  assertIssue('[main]\nmount_timeout = 0s\n', { section: 'main', key: 'mount_timeout', message: /more than zero/ });
  assertIssue('[main]\npipeline_timeout = 25h\n', { section: 'main', key: 'pipeline_timeout', message: /at most 24 hours/ });
});

test('an invalid LVM tag, or one leaving no room for the expiry tag', () => {
  assertIssue('[main]\nlvm_tag = snap per\n', { section: 'main', key: 'lvm_tag', message: /not a valid LVM tag/ });
  assertIssue('[main]\nlvm_tag = -snapper\n', { section: 'main', key: 'lvm_tag', message: /starts with a hyphen/ });
  assertIssue(`[main]\nlvm_tag = ${'t'.repeat(108)}\n`, {
    section: 'main', key: 'lvm_tag', message: /at most 107 fit, so that the expiry tag/,
  });
});

test('an unknown log level', () => {
  assertIssue('[logging]\nloglevel = warn\n', {
    section: 'logging', key: 'loglevel', message: /`warn` is not one of debug, info, warning, error, critical/,
  });
});

test('a missing required key points at the section header', () => {
  assertIssue('[main]\n\n[expire_daily]\nmatch = 0 * * *\n', {
    section: 'expire_daily', key: 'expire_after', line: 3, message: /missing required key/,
  });
  assertIssue(volume('home', { vg: undefined }), { section: 'home', key: 'vg', line: 1, message: /missing required key/ });
});

test('an empty value for a required key', () => {
  assertIssue(volume('home', { mount: '' }), { section: 'home', key: 'mount', line: 4, message: /is empty; a value is required/ });
});

test('a bad match field', () => {
  assertIssue('[expire_daily]\nmatch = 0 * 32 *\nexpire_after = 1 day\n', {
    section: 'expire_daily', key: 'match', line: 2, message: /day-of-month field `32`: 32 is outside 1-31/,
  });
});

test('a bad duration', () => {
  assertIssue('[expire_daily]\nmatch = 0 * * *\nexpire_after = 1 dya\n', {
    section: 'expire_daily', key: 'expire_after', line: 3, message: /did you mean `day`\?/,
  });
});

test('invalid LVM names', () => {
  assertIssue(volume('home', { vg: 'vg 0' }), { section: 'home', key: 'vg', message: /not a valid LVM name/ });
  assertIssue(volume('home', { vg: '..' }), { section: 'home', key: 'vg', message: /reserved by LVM/ });
  assertIssue(volume('home', { lv: '-home' }), { section: 'home', key: 'lv', message: /starts with a hyphen/ });
  assertIssue(volume('home', { lv: 'snapshot_home' }), { section: 'home', key: 'lv', message: /starting with `snapshot`/ });
  assertIssue(volume('home', { lv: 'pvmove0' }), { section: 'home', key: 'lv', message: /starting with `pvmove`/ });
  assertIssue(volume('home', { lv: 'home_tmeta' }), { section: 'home', key: 'lv', message: /containing `_tmeta`/ });
  assertIssue(volume('home', { lv: 'l'.repeat(113) }), { section: 'home', key: 'lv', message: /113 characters long; at most 112 fit/ });
});

test('rw or an empty option in mountoptions', () => {
  assertIssue(volume('home', { mountoptions: 'rw,noatime' }), {
    section: 'home', key: 'mountoptions', message: /`rw` is not allowed/,
  });
  assertIssue(volume('home', { mountoptions: 'ro,,noatime' }), {
    section: 'home', key: 'mountoptions', message: /empty option/,
  });
});

test('NFS clients that exportfs would misread', () => {
  const cases: [string, RegExp][] = [
    ['10.0.0.1(rw)', /not a host name, IP address/],
    ['fe80::1', /contains `:`/],
    ['-o', /starts with `-`/],
    ['host|reboot', /not a host name/],
    ['`reboot`', /not a host name/],
    ['10.0.0.0/33', /not an IPv4 network/],
    ['300.0.0.0/8', /not an IPv4 network/],
  ];
  for (const [client, message] of cases) {
    assertIssue(volume('home', { nfsexports: `10.1.1.0/24 ${client}` }), { section: 'home', key: 'nfsexports', message });
  }
});

test('rw in nfsoptions', () => {
  assertIssue(volume('home', { nfsexports: 'client', nfsoptions: 'rw,sync' }), {
    section: 'home', key: 'nfsoptions', message: /`rw` is not allowed/,
  });
});

test('an unknown snapshot type', () => {
  assertIssue(volume('home', { snapshot_type: 'classic' }), {
    section: 'home', key: 'snapshot_type', message: /`classic` is not one of thin, thick/,
  });
});

test('snapshot_size on a thin volume, missing, empty or invalid on a thick one; empty on a thin one is no size', () => {
  assertIssue(volume('home', { snapshot_size: '2G' }), {
    section: 'home', key: 'snapshot_size', line: 6, message: /only for `snapshot_type = thick`/,
  });
  assertIssue(volume('home', { snapshot_type: 'thick' }), {
    section: 'home', key: 'snapshot_size', line: 1, message: /a thick snapshot needs its own space/,
  });
  assertIssue(volume('home', { snapshot_type: 'thick', snapshot_size: '' }), {
    section: 'home', key: 'snapshot_size', line: 7, message: /is empty: a thick snapshot needs its own space/,
  });
  assert.equal(parseConfig(volume('home', { snapshot_size: '' }), PATH, () => 'UTC').volumes[0]!.snapshotSize, undefined);
  assertIssue(volume('home', { snapshot_type: 'thick', snapshot_size: '2 GB' }), {
    section: 'home', key: 'snapshot_size', message: /`2 GB` is not a size/,
  });
  assertIssue(volume('home', { snapshot_type: 'thick', snapshot_size: '150%VG' }), {
    section: 'home', key: 'snapshot_size', message: /from 1 to 100 \(more only with %ORIGIN\)/,
  });
});

test('two sections on the same LV', () => {
  assertIssue(`${volume('home')}${volume('home2', { lv: 'home' })}`, {
    section: 'home2', key: 'lv', line: 8, message: /vg0\/home is already configured in \[home\]/,
  });
});

test('two sections with the same snapdir', () => {
  assertIssue(`${volume('home')}${volume('data', { snapdir: '/srv/snapshots/home/' })}`, {
    section: 'data', key: 'snapdir', message: /\/srv\/snapshots\/home is also the snapdir of \[home\]/,
  });
});

test('a snapdir inside another volume\'s snapdir', () => {
  assertIssue(`${volume('home', { snapdir: '/snap' })}${volume('data', { snapdir: '/snap/data' })}`, {
    section: 'data', key: 'snapdir', message: /\/snap\/data is inside the snapdir of \[home\] \(\/snap\)/,
  });
});

test('a linkdir inside a snapdir, or equal to its own', () => {
  assertIssue(`${volume('home')}${volume('data', { linkdir: '/srv/snapshots/home/links' })}`, {
    section: 'data', key: 'linkdir', message: /is inside the snapdir of \[home\]/,
  });
  assertIssue(volume('home', { linkdir: '/srv/snapshots/home' }), {
    section: 'home', key: 'linkdir', message: /\/srv\/snapshots\/home is this volume's own snapdir/,
  });
});

test('two sections with the same linkdir', () => {
  assertIssue(`${volume('home', { linkdir: '/srv/links' })}${volume('data', { linkdir: '/srv/links' })}`, {
    section: 'data', key: 'linkdir', message: /\/srv\/links is also the linkdir of \[home\]/,
  });
});

test('a file with many errors reports all of them at once, in line order', () => {
  const text = [
    '[main]', //                       1
    'enabled = perhaps', //            2
    'timezone = Nowhere/Special', //   3
    'concurrency = 1000', //           4
    '[logging]', //                    5
    'loglevel = loud', //              6
    '[expire_daily]', //               7
    'match = 0 * * * *', //            8
    'expire_after = forever', //       9
    '[home]', //                      10
    'vg = vg0', //                    11
    'lv = home', //                   12
    'mount = srv/home', //            13
    'snapdir = /snap/home', //        14
    'snapdir = /snap/other', //       15
    '[data]', //                      16
    'vg = vg0', //                    17
    'lv = home', //                   18
    'mount = /srv/data', //           19
    'snapdir = /snap/home', //        20
    'nfsexports = a:b', //            21
  ].join('\n');
  const issues = collectIssues(text);
  assert.deepEqual(issues.map((issue) => [issue.line, issue.section, issue.key]), [
    [2, 'main', 'enabled'],
    [3, 'main', 'timezone'],
    [4, 'main', 'concurrency'],
    [6, 'logging', 'loglevel'],
    [8, 'expire_daily', 'match'],
    [9, 'expire_daily', 'expire_after'],
    [13, 'home', 'mount'],
    [15, 'home', 'snapdir'],
    [18, 'data', 'lv'],
    [20, 'data', 'snapdir'],
    [21, 'data', 'nfsexports'],
  ]);
  assert.throws(() => parseConfig(text, PATH, () => 'UTC'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^\/etc\/lvmsnapper\.conf: 11 errors:\n {2}\[main\] enabled \(line 2\): `perhaps` is not a boolean/);
    return true;
  });
});
