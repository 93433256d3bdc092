// The simulated lvm beyond the captured fixtures: activation skip, classic origins, thin origins, pools, tags,
// usage errors, and lvs's argument forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimHost } from '../src/sim/index.ts';
import { createSimHost } from '../src/sim/index.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function smallHost(): SimHost {
  const host = createSimHost({ seed: 3 });
  host.control.createVg({ name: 'vg0', sizeBytes: 20 * GiB });
  host.control.createThinPool({ vg: 'vg0', name: 'pool', sizeBytes: 10 * GiB });
  host.control.createVolume({ vg: 'vg0', name: 'home', pool: 'pool', sizeBytes: GiB, fs: 'ext4', mountAt: '/srv/home' });
  host.control.createVolume({ vg: 'vg0', name: 'plain', sizeBytes: GiB, fs: 'ext4', mountAt: '/srv/plain' });
  return host;
}

async function run(host: SimHost, ...argv: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const { exitCode, stdout, stderr } = await host.runner.run({ argv, timeoutMs: 0 });
  return { exitCode, stdout, stderr };
}

const lv = (host: SimHost, name: string) => host.control.listLvs().find((each) => each.name === name);

test('a thin snapshot gets the skip flag and stays inactive unless -K; -kn makes it active and unflagged', async () => {
  const host = smallHost();
  await run(host, 'lvm', 'lvcreate', '-s', '-n', 'skipped', 'vg0/home');
  await run(host, 'lvm', 'lvcreate', '-s', '-n', 'forced', '-K', 'vg0/home');
  await run(host, 'lvm', 'lvcreate', '-s', '-n', 'plainflag', '-kn', 'vg0/home');
  await run(host, 'lvm', 'lvcreate', '-s', '-n', 'off', '-kn', '-an', 'vg0/home');
  assert.deepEqual(['skipped', 'forced', 'plainflag', 'off'].map((name) => lv(host, name)?.attr),
    ['Vwi---tz-k', 'Vwi-a-tz-k', 'Vwi-a-tz--', 'Vwi---tz--']);
});

test('lvchange -ay leaves a skip-flagged LV inactive without a word; -K activates it', async () => {
  const host = smallHost();
  await run(host, 'lvm', 'lvcreate', '-s', '-n', 'snap', 'vg0/home');
  assert.deepEqual(await run(host, 'lvm', 'lvchange', '-ay', 'vg0/snap'), { exitCode: 0, stdout: '', stderr: '' });
  assert.equal(lv(host, 'snap')?.active, false);
  assert.deepEqual(await run(host, 'lvm', 'lvchange', '-ay', '-K', 'vg0/snap'), { exitCode: 0, stdout: '', stderr: '' });
  assert.equal(lv(host, 'snap')?.active, true);
});

test('lvchange -an refuses a mounted LV, tags change with a message per LV, a missing LV fails alone', async () => {
  const host = smallHost();
  assert.deepEqual(await run(host, 'lvm', 'lvchange', '-an', 'vg0/home'),
    { exitCode: 5, stdout: '', stderr: '  Logical volume vg0/home contains a filesystem in use.\n' });
  assert.deepEqual(await run(host, 'lvm', 'lvchange', '--addtag', 'a', '--addtag', '@b', 'vg0/home', 'vg0/nope'), {
    exitCode: 5, stdout: '  Logical volume vg0/home changed.\n', stderr: '  Failed to find logical volume "vg0/nope"\n',
  });
  await run(host, 'lvm', 'lvchange', '--deltag', 'a', 'vg0/home');
  assert.deepEqual(lv(host, 'home')?.tags, ['b']);
  assert.deepEqual(await run(host, 'lvm', 'lvchange', 'vg0/home'), {
    exitCode: 3, stdout: '', stderr: "  No command with matching syntax recognised.  Run 'lvchange --help' for more information.\n",
  });
});

test('lvremove of a classic origin removes its snapshots first; a thin origin leaves its snapshots without origin', async () => {
  const host = smallHost();
  await run(host, 'lvm', 'lvcreate', '-s', '-L', '100M', '-n', 'cow', 'vg0/plain');
  assert.equal(lv(host, 'plain')?.attr, 'owi-aos---');
  assert.deepEqual(await run(host, 'lvm', 'lvremove', '-y', 'vg0/plain'), {
    exitCode: 5,
    stdout: '  Logical volume "cow" successfully removed.\n',
    stderr: '  Logical volume vg0/plain contains a filesystem in use.\n',
  });
  host.control.createVolume({ vg: 'vg0', name: 'thin', pool: 'pool', sizeBytes: GiB });
  await run(host, 'lvm', 'lvcreate', '-s', '-kn', '-n', 'thin-snap', 'vg0/thin');
  assert.deepEqual(await run(host, 'lvm', 'lvremove', '-y', 'vg0/thin'), { exitCode: 0, stdout: '  Logical volume "thin" successfully removed.\n', stderr: '' });
  assert.equal(lv(host, 'thin-snap')?.origin, '');
});

test('lvremove without -y does not remove an active LV: nobody answers its question', async () => {
  const host = smallHost();
  await run(host, 'lvm', 'lvcreate', '-s', '-kn', '-n', 'snap', 'vg0/home');
  const result = await run(host, 'lvm', 'lvremove', 'vg0/snap');
  assert.equal(result.exitCode, 5);
  assert.equal(result.stderr, '  Logical volume vg0/snap not removed.\n');
  assert.notEqual(lv(host, 'snap'), undefined);
});

test('lvcreate: classic snapshots need free space, rounding is announced, a non-thin origin needs a size', async () => {
  const host = smallHost();
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-n', 'x', 'vg0/plain'),
    { exitCode: 5, stdout: '', stderr: '  Please specify either size or extents with snapshots.\n' });
  // The pool's metadata (64 bytes per 64 KiB chunk: 10 MiB, in 4 MiB extents) and its spare.
  const free = (20 * GiB - 10 * GiB - 2 * 12 * MiB - GiB) / (4 * MiB);
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-L', '100G', '-n', 'x', 'vg0/plain'), {
    exitCode: 5, stdout: '', stderr: `  Volume group "vg0" has insufficient free space (${free} extents): 25600 required.\n`,
  });
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-L', '10M', '-n', 'x', 'vg0/plain'), {
    exitCode: 0, stdout: '  Rounding up size to full physical extent 12.00 MiB\n  Logical volume "x" created.\n', stderr: '',
  });
  await run(host, 'lvm', 'lvcreate', '-s', '-l', '10%ORIGIN', '-n', 'y', 'vg0/plain');
  assert.equal(lv(host, 'y')?.sizeBytes, 104 * MiB);
});

test('lvcreate refuses bad names and sizes on the command line (exit 3) and a full pool (exit 5)', async () => {
  const host = smallHost();
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-n', 'bad name', 'vg0/home'),
    { exitCode: 3, stdout: '', stderr: '  Logical volume name "bad name" is invalid.\n' });
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-L', 'lots', '-n', 'x', 'vg0/plain'),
    { exitCode: 3, stdout: '', stderr: '  Invalid argument for --size: lots\n  Error during parsing of command line.\n' });
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '--bogus', 'vg0/home'),
    { exitCode: 3, stdout: '', stderr: "lvcreate: unrecognized option '--bogus'\n  Error during parsing of command line.\n" });
  host.control.setPoolUsage('vg0', 'pool', { dataPercent: 100 });
  assert.deepEqual(await run(host, 'lvm', 'lvcreate', '-s', '-n', 'x', 'vg0/home'),
    { exitCode: 5, stdout: '', stderr: '  Cannot create new thin volume, free space in thin pool vg0/pool reached threshold.\n' });
  assert.equal(lv(host, 'pool')?.attr, 'twi-aotzD-');
});

test('lvs: VG/LV arguments, field names without the lv_ prefix, an unknown field refused', async () => {
  const host = smallHost();
  const result = await run(host, 'lvm', 'lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'name,attr,size', 'vg0/home', 'vg0/nope');
  assert.equal(result.exitCode, 5);
  assert.match(result.stdout, /\{"lv_name":"home", "lv_attr":"Vwi-aotz--", "lv_size":"1073741824"\}\n/);
  assert.equal(result.stderr, '  Failed to find logical volume "vg0/nope"\n');
  assert.deepEqual(await run(host, 'lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_name,bogus'),
    { exitCode: 5, stdout: '', stderr: '  Unrecognised field: bogus\n' });
  const human = await run(host, 'lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_size', 'vg0/pool');
  assert.match(human.stdout, /"lv_size":"10\.00g"/);
});

test('lvs of a world without LVs prints an empty report', async () => {
  const host = createSimHost({ seed: 1 });
  const result = await run(host, 'lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_name');
  assert.equal(result.stdout, '  {\n      "report": [\n          {\n              "lv": [\n              ]\n          }\n      ]\n  }\n');
});

test('an unknown binary cannot be started, like a missing executable', async () => {
  const result = await smallHost().runner.run({ argv: ['findmnt', '-J'], timeoutMs: 0 });
  assert.deepEqual([result.exitCode, result.spawnError], [null, 'spawn findmnt ENOENT']);
});

test('the same seed draws the same uuids', async () => {
  const uuids = async (): Promise<string[]> => {
    const host = smallHost();
    await run(host, 'lvm', 'lvcreate', '-s', '-n', 'a', 'vg0/home');
    return host.control.listLvs().map((each) => each.uuid);
  };
  const first = await uuids();
  assert.deepEqual(await uuids(), first);
  assert.match(first[0]!, /^[0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}$/);
});
