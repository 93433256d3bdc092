import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../src/config/load-config.ts';
import { CONFIG_SCHEMA } from '../src/config/schema.ts';
import { parseDuration } from '../src/config/duration.ts';
import { parseMatch } from '../src/config/match.ts';
import type { Config } from '../src/config/types.ts';
import { makeTempDir } from './support/temp-dir.ts';

const EXAMPLE = new URL('../examples/lvmsnapper.conf', import.meta.url);

// The seed README's sections, put together as one file.
const SEED_CONFIG = `[main]
enabled = False
statefile = state
lvm_tag = snapper
lock_file = /run/lvmsnapper.lock

[logging]
loglevel = warning

[expire_1]
#match = h[h] dow dom[dom] m[m]
match = * * * *
expire_after = 1 day

[home]
mountoptions = discard,ro
mount = /home
vg = vg
lv = tlv-home
snapdir = /snapshots/home
linkdir = /home/.snapshots
nfsexports = 10.1.1.0/24
nfsoptions = ro,async,wdelay,nohide,no_subtree_check
`;

const DEFAULTS = {
  enabled: false,
  statefile: '/var/lib/lvmsnapper/state.json',
  lvmTag: 'snapper',
  lockFile: '/run/lvmsnapper.lock',
  timezone: 'UTC',
  maxPoolDataPercent: 80,
  maxPoolMetadataPercent: 80,
  concurrency: 64,
  workerThreadsFrom: 256,
  metricsFile: undefined,
  timeouts: { lvm: 120_000, mount: 60_000, exportfs: 60_000, blkid: 30_000, pipeline: 600_000 },
  logLevel: 'warning',
} as const;

function parse(text: string, path = '/etc/lvmsnapper.conf'): Config {
  return parseConfig(text, path, () => 'Europe/Amsterdam');
}

test("the seed README's example config", () => {
  assert.deepEqual(parse(SEED_CONFIG), {
    ...DEFAULTS,
    path: '/etc/lvmsnapper.conf',
    statefile: '/etc/state',
    expireRules: [{ name: 'expire_1', match: parseMatch('* * * *'), expireAfter: parseDuration('1 day') }],
    volumes: [{
      name: 'home',
      vg: 'vg',
      lv: 'tlv-home',
      mount: '/home',
      snapdir: '/snapshots/home',
      linkdir: '/home/.snapshots',
      mountOptions: ['discard', 'ro'],
      nfsExports: ['10.1.1.0/24'],
      nfsOptions: ['ro', 'async', 'wdelay', 'nohide', 'no_subtree_check'],
      snapshotType: 'thin',
      snapshotSize: undefined,
    }],
  });
});

test('an empty file is valid: every default, no rules, no volumes, nothing to do', () => {
  assert.deepEqual(parse(''), { ...DEFAULTS, path: '/etc/lvmsnapper.conf', expireRules: [], volumes: [] });
});

test('a volume with only the required keys gets the documented defaults', () => {
  const [volume] = parse('[data]\nvg = vg0\nlv = data\nmount = /srv/data\nsnapdir = /snap/data\n').volumes;
  assert.deepEqual(volume, {
    name: 'data', vg: 'vg0', lv: 'data', mount: '/srv/data', snapdir: '/snap/data', linkdir: undefined,
    mountOptions: ['ro'], nfsExports: [], nfsOptions: ['ro', 'no_subtree_check'],
    snapshotType: 'thin', snapshotSize: undefined,
  });
});

test('the example config loads, and documents every key of the schema', async () => {
  const config = await loadConfig(EXAMPLE.pathname);
  assert.equal(config.enabled, true);
  assert.equal(config.timezone, 'Europe/Amsterdam');
  assert.equal(config.timeouts.pipeline, 600_000);
  assert.deepEqual(config.expireRules.map((rule) => rule.name), ['expire_working_hours', 'expire_nightly', 'expire_monthly']);
  assert.deepEqual(config.volumes.map((volume) => [volume.name, volume.snapshotType, volume.snapshotSize]), [
    ['home', 'thin', undefined],
    ['archive', 'thick', '10%ORIGIN'],
  ]);
  assert.deepEqual(config.volumes[0].nfsExports, ['10.1.1.0/24', 'backup.example.com', '@admins']);
  const text = await readFile(EXAMPLE, 'utf8');
  for (const kind of Object.values(CONFIG_SCHEMA)) {
    for (const key of Object.keys(kind.keys)) assert.match(text, new RegExp(`^${key} = `, 'm'), key);
  }
});

test('every key in the schema has a doc line and a description of accepted values', () => {
  for (const [kind, section] of Object.entries(CONFIG_SCHEMA)) {
    for (const [key, spec] of Object.entries(section.keys)) {
      assert.ok(spec.doc.length > 10 && !spec.doc.includes('\n'), `${kind}.${key} doc`);
      assert.ok(spec.accepted.length > 3, `${kind}.${key} accepted`);
    }
  }
});

test('booleans as configparser reads them, in any case', () => {
  for (const [text, value] of [['False', false], ['TRUE', true], ['yes', true], ['No', false], ['on', true],
    ['off', false], ['1', true], ['0', false]] as const) {
    assert.equal(parse(`[main]\nenabled = ${text}\n`).enabled, value, text);
  }
});

test('keys are case-insensitive; section names keep their case', () => {
  const config = parse('[main]\nENABLED = yes\nLvm_Tag = snap\n[Home]\nVG = vg0\nLV = home\nMount = /home\nSnapDir = /snap\n');
  assert.equal(config.enabled, true);
  assert.equal(config.lvmTag, 'snap');
  assert.equal(config.volumes[0].name, 'Home');
});

test('# and ; start a comment anywhere in an unquoted value; quotes keep them', () => {
  const config = parse([
    '[main]',
    'lvm_tag = "snap#1"',
    "concurrency = 4 ; four at a time",
    '[logging]',
    'loglevel = info # chatty',
    '[home] # the home share',
    'vg = vg0',
    'lv = home',
    'mount = /srv/home',
    "snapdir = '/srv/snap;shots/home'",
  ].join('\n'));
  assert.equal(config.lvmTag, 'snap#1');
  assert.equal(config.concurrency, 4);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.volumes[0].name, 'home');
  assert.equal(config.volumes[0].snapdir, '/srv/snap;shots/home');
});

test('values ini would turn into non-strings stay text: null, single-quoted numbers', () => {
  const config = parse("[main]\nlvm_tag = null\nconcurrency = '12'\nmetrics_file = \"/var/lib/m.prom\"\n");
  assert.equal(config.lvmTag, 'null');
  assert.equal(config.concurrency, 12);
  assert.equal(config.metricsFile, '/var/lib/m.prom');
});

test('a dotted section name is one volume, not a nested object', () => {
  const config = parse('[home.backup]\nvg = vg0\nlv = home\nmount = /home\nsnapdir = /snap/home\n');
  assert.deepEqual(config.volumes.map((volume) => volume.name), ['home.backup']);
});

test('paths: relative statefile beside the config, spaces kept, trailing slashes removed', () => {
  const config = parse('[main]\nstatefile = lib/state.json\n[home]\nvg = vg0\nlv = home\nmount = /srv/my home\n'
    + 'snapdir = /srv/snapshots//my home/\nlinkdir = /srv/my home/.snapshots\n', '/opt/lvmsnapper/etc/lvmsnapper.conf');
  assert.equal(config.statefile, '/opt/lvmsnapper/etc/lib/state.json');
  assert.equal(config.volumes[0].mount, '/srv/my home');
  assert.equal(config.volumes[0].snapdir, '/srv/snapshots/my home');
});

test('timezone local is the system zone; zone names are canonicalised', () => {
  assert.equal(parse('[main]\ntimezone = local\n').timezone, 'Europe/Amsterdam');
  assert.equal(parse('[main]\ntimezone = utc\n').timezone, 'UTC');
  assert.equal(parse('[main]\ntimezone = Etc/UTC\n').timezone, 'UTC');
});

test('the system zone is looked up only for timezone = local', () => {
  const noLookup = () => { throw new Error('the system zone was looked up'); };
  assert.equal(parseConfig('[main]\n', '/etc/lvmsnapper.conf', noLookup).timezone, 'UTC');
  assert.equal(parseConfig('[main]\ntimezone = Europe/Berlin\n', '/etc/lvmsnapper.conf', noLookup).timezone, 'Europe/Berlin');
  assert.throws(() => parseConfig('[main]\ntimezone = local\n', '/etc/lvmsnapper.conf', noLookup), /system zone was looked up/);
});

test('durations for timeouts: plain seconds, s, m, h', () => {
  const config = parse('[main]\nlvm_timeout = 90\nmount_timeout = 45s\nexportfs_timeout = 2m\nblkid_timeout = 5S\n'
    + 'pipeline_timeout = 1h\n');
  assert.deepEqual(config.timeouts, { lvm: 90_000, mount: 45_000, exportfs: 120_000, blkid: 5_000, pipeline: 3_600_000 });
});

test('mount options always contain ro; option lists are trimmed and deduplicated', () => {
  const [volume] = parse('[home]\nvg = vg0\nlv = home\nmount = /home\nsnapdir = /snap\n'
    + 'mountoptions = noatime, discard,noatime\nnfsexports = a  b a\nnfsoptions = ro, nohide\n').volumes;
  assert.deepEqual(volume.mountOptions, ['ro', 'noatime', 'discard']);
  assert.deepEqual(volume.nfsExports, ['a', 'b']);
  assert.deepEqual(volume.nfsOptions, ['ro', 'nohide']);
});

test('NFS clients: host names, addresses, networks, wildcards and netgroups', () => {
  const clients = 'nas.example.com 10.0.0.7 10.1.0.0/16 192.168.1.0/255.255.255.0 *.example.com ws?? * @backup';
  const [volume] = parse(`[home]\nvg = vg0\nlv = home\nmount = /home\nsnapdir = /snap\nnfsexports = ${clients}\n`).volumes;
  assert.deepEqual(volume.nfsExports, clients.split(' '));
});

test('an empty value is "not set": the default, or nothing for an optional key', () => {
  const config = parse('[main]\nlvm_tag =\nmetrics_file = \n[home]\nvg = vg0\nlv = home\nmount = /home\nsnapdir = /snap\n'
    + 'linkdir =\nnfsexports =\n');
  assert.equal(config.lvmTag, 'snapper');
  assert.equal(config.metricsFile, undefined);
  assert.equal(config.volumes[0].linkdir, undefined);
  assert.deepEqual(config.volumes[0].nfsExports, []);
});

test('thick snapshots take an lvcreate size; percentages are upper-cased for lvcreate -l', () => {
  const sizes = [['2G', '2G'], ['512m', '512m'], ['1.5T', '1.5T'], ['10%origin', '10%ORIGIN'], ['150%ORIGIN', '150%ORIGIN'],
    ['5%VG', '5%VG'], ['50%free', '50%FREE'], ['20%PVS', '20%PVS']];
  for (const [size, expected] of sizes) {
    const [volume] = parse('[home]\nvg = vg0\nlv = home\nmount = /home\nsnapdir = /snap\nsnapshot_type = Thick\n'
      + `snapshot_size = ${size}\n`).volumes;
    assert.equal(volume.snapshotType, 'thick');
    assert.equal(volume.snapshotSize, expected, size);
  }
});

test('Windows line endings and a byte-order mark are fine', () => {
  assert.equal(parse('\uFEFF[main]\r\nenabled = true\r\nconcurrency = 3\r\n').concurrency, 3);
});

test('loadConfig reads the file and puts a relative statefile beside it', async () => {
  const folder = makeTempDir('config');
  await writeFile(join(folder, 'test.conf'), '[main]\nenabled = yes\nstatefile = state.json\n');
  const config = await loadConfig(join(folder, 'test.conf'));
  assert.equal(config.path, join(folder, 'test.conf'));
  assert.equal(config.statefile, join(folder, 'state.json'));
});

test('a config in the default zone is read and its rules evaluated without Intl (its first use loads ICU data)', () => {
  // A fresh process: Intl and luxon keep what they loaded once for the rest of a process.
  const script = [
    'let made = 0;',
    'const Original = Intl.DateTimeFormat;',
    'Intl.DateTimeFormat = function (...args) { made += 1; return new Original(...args); };',
    "const { parseConfig } = await import('./src/config/load-config.ts');",
    "const { expiryAt } = await import('./src/config/expiry.ts');",
    "const { hourSlot } = await import('./src/plan/naming.ts');",
    "const config = parseConfig('[expire_hourly]\\nmatch = * 1-5 * *\\nexpire_after = 6 hours\\n', '/etc/lvmsnapper.conf', () => { throw new Error('looked up'); });",
    "const now = new Date('2026-12-01T10:00:00Z');",
    'expiryAt(config.expireRules, now, config.timezone); hourSlot(now, config.timezone);',
    'process.stdout.write(String(made));',
  ].join('\n');
  const made = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  assert.equal(made, '0');
});
