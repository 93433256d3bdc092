// The simulated host answers the real tools' argv exactly as the real tools did: every captured fixture whose
// world can be set up is replayed, in capture order, against a world built like the capture guest's, and its exit
// code, stdout and stderr compared byte for byte. Folder paths are moved under a temporary folder (the commands
// check them on the real file system) and substituted back in the expected output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimHost } from '../src/sim/index.ts';
import { createSimHost } from '../src/sim/index.ts';
import { readRealTool, readRealToolFile } from './host-real-tools.ts';
import { makeTempDir } from './support/temp-dir.ts';

const MiB = 1024 * 1024;
const at = (time: string): Date => new Date(`2026-11-26T${time}Z`);

/** The capture guest right before fixture 03: two VGs, their pools, home (ext4), data (XFS) and plain (ext4). */
function captureHost(): SimHost {
  const host = createSimHost({ seed: 7 });
  const c = host.control;
  c.createVg({ name: 'vgA', sizeBytes: 2044 * MiB });
  c.createVg({ name: 'vgB', sizeBytes: 2044 * MiB });
  c.createThinPool({ vg: 'vgA', name: 'pool', sizeBytes: 900 * MiB, uuid: 'OD8p0v-su1W-ugmF-jY0N-jczu-iCXw-NZ3pe6', createdAt: at('23:16:56'), dataPercent: 11.01, metadataPercent: 12.01 });
  c.createThinPool({ vg: 'vgB', name: 'pool', sizeBytes: 300 * MiB, uuid: '8vOHW0-ZeMB-40R7-V0JZ-JhkJ-Vh74-Tbxjko', createdAt: at('23:16:58'), metadataPercent: 10.84 });
  c.createVolume({ vg: 'vgA', name: 'home', pool: 'pool', sizeBytes: 400 * MiB, fs: 'ext4', uuid: 'sUkrxv-WRMC-Wk7J-15iQ-L4cL-2qdr-o3p6aJ', createdAt: at('23:16:59'), dataPercent: 8.56, mountAt: '/srv/home' });
  c.createVolume({ vg: 'vgA', name: 'data', pool: 'pool', sizeBytes: 320 * MiB, fs: 'xfs', uuid: 'r8T2QE-NLys-VdMn-3SUy-EUZg-d8UM-g0qNoL', createdAt: at('23:17:00'), dataPercent: 20.14, mountAt: '/srv/data' });
  c.createVolume({ vg: 'vgB', name: 'plain', sizeBytes: 200 * MiB, fs: 'ext4', uuid: 'moP4tM-qY3Z-GmPL-CRMF-UQsf-372o-tceRWP', createdAt: at('23:17:01'), mountAt: '/srv/plain' });
  return host;
}

// What happened on the guest between captures that the fixtures do not show: the clock at each lvcreate, and
// data written to the volumes.
function prepare(host: SimHost, fixture: string): void {
  const c = host.control;
  const clock: Record<string, string> = {
    '03-lvcreate-thin-snapshot-tagged': '23:17:02', '04-lvcreate-thin-snapshot-default-skip': '23:17:03',
    '09-lvcreate-classic-snapshot': '23:17:04', '10-lvcreate-xfs-snapshot': '23:17:05',
  };
  if (clock[fixture] !== undefined) c.setClock(at(clock[fixture]!));
  if (fixture === '12-lvs-json-all') {
    c.setUsage('vgA', 'home-20261201100000', 2.31);
    c.setUsage('vgA', 'home-20261201110000', 2.31);
    c.setUsage('vgB', 'plain-20261201100000', 5.08);
  }
  if (fixture === '36-lvs-json-classic-invalid') c.setUsage('vgB', 'plain-20261201100000', 100);
  if (fixture === '37-lvs-json-pool-filling') {
    c.setUsage('vgA', 'home', 98.69);
    c.setPoolUsage('vgA', 'pool', { dataPercent: 51.14, metadataPercent: 14.55 });
  }
}

const REPLAYED = [
  '02-lvcreate-thin', '03-lvcreate-thin-snapshot-tagged', '04-lvcreate-thin-snapshot-default-skip', '05-lvcreate-duplicate-name',
  '06-lvcreate-missing-origin', '07-lvcreate-missing-vg', '08-lvcreate-bad-tag', '09-lvcreate-classic-snapshot',
  '10-lvcreate-xfs-snapshot', '11-lvchange-activate-skip', '12-lvs-json-all', '13-lvs-json-missing-vg', '14-blkid-ext4',
  '15-blkid-xfs', '16-blkid-missing', '17-mount-ext4-ro', '18-mount-xfs-ro-plain', '19-mount-xfs-ro-nouuid',
  '20-mount-already-mounted', '21-mount-missing-dir', '22-mount-classic', '23-mount-dir-with-space',
  '25-exportfs-export-many', '26-exportfs-verbose', '27-exportfs-unexport', '28-exportfs-unexport-missing',
  '29-exportfs-bad-option', '30-exportfs-missing-path', '31-lvremove-open-lv', '32-umount-ok', '33-umount-not-mounted',
  '34-lvremove-missing', '35-lvremove-batch', '36-lvs-json-classic-invalid', '37-lvs-json-pool-filling',
  '38-lvcreate-pool-over-threshold', '39-lvs-version',
];

// Fixture 02 made `home` in an empty pool; the replay world already has it, so 02 runs against a scratch pool
// in its own world. lv_uuid is random in each run; everything else must match.
const maskUuids = (text: string): string => text.replace(/"lv_uuid":"[^"]*"/g, '"lv_uuid":"…"');

test('every replayable fixture, in capture order, answers byte for byte', async () => {
  const root = makeTempDir('sim-contract');
  for (const dir of ['snapshots/home/@GMT-2026.12.01-10.00.00', 'snapshots/data/@GMT-2026.12.01-10.00.00',
    'snapshots/plain/@GMT-2026.12.01-10.00.00', 'snap/with space']) await mkdir(join(root, dir), { recursive: true });
  const localize = (text: string): string => text.replaceAll('/snapshots/', `${root}/snapshots/`).replaceAll('/snap/', `${root}/snap/`);
  const host = captureHost();
  const empty = createSimHost({ seed: 7 });
  empty.control.createVg({ name: 'vgA', sizeBytes: 2044 * MiB });
  empty.control.createThinPool({ vg: 'vgA', name: 'pool', sizeBytes: 900 * MiB });
  for (const name of REPLAYED) {
    prepare(host, name);
    const fixture = readRealTool(name);
    const target = name === '02-lvcreate-thin' ? empty : host;
    const result = await target.runner.run({ argv: fixture.argv.map(localize), timeoutMs: 0 });
    assert.deepEqual(
      { exitCode: result.exitCode, stdout: maskUuids(result.stdout), stderr: result.stderr },
      { exitCode: fixture.exitCode, stdout: maskUuids(localize(fixture.stdout)), stderr: localize(fixture.stderr) },
      name,
    );
    if (name === '23-mount-dir-with-space') assertCapturedMountinfo(host, root);
  }
});

// mountinfo.txt was read right after fixture 23: the same LV mounts, in the same order, with the same fields from
// the root on (mount ids and device numbers are the kernel's).
function assertCapturedMountinfo(host: SimHost, root: string): void {
  const fromRoot = (text: string): string[] => text.trim().split('\n').map((line) => line.split(' ').slice(3).join(' '));
  const captured = fromRoot(readRealToolFile('mountinfo.txt')).filter((line) => / - (ext4|xfs) /.test(line))
    .map((line) => line.replaceAll('/snapshots/', `${root}/snapshots/`).replaceAll('/snap/', `${root}/snap/`));
  assert.deepEqual(fromRoot(host.mountinfo()).slice(1), captured);
}

test('lvs answers fixture 12 byte for byte, uuids and times included, in a world built directly', async () => {
  const host = captureHost();
  const c = host.control;
  const snapshot = (vg: string, name: string, origin: string, uuid: string, time: string, extra: object): void =>
    c.createSnapshot({ vg, name, origin, uuid, createdAt: at(time), tags: ['snapper'], ...extra });
  snapshot('vgA', 'home-20261201100000', 'home', 'CTpaMN-5RQN-k1wX-CFjI-eiXR-f6h4-yqvcTk', '23:17:02', { tags: ['snapper_exp:20261202T100000Z', 'snapper'], dataPercent: 2.31 });
  snapshot('vgA', 'home-20261201110000', 'home', 'BUmozZ-LHUK-y1N6-eg4I-5H0o-Fk6p-OUZ2uF', '23:17:03', { skipActivation: true, dataPercent: 2.31 });
  snapshot('vgB', 'plain-20261201100000', 'plain', 'PB1HZI-cGUE-xuLa-bkOQ-KkIY-N3fL-dhIM8z', '23:17:04', { sizeBytes: 20 * MiB, dataPercent: 5.08 });
  snapshot('vgA', 'data-20261201100000', 'data', 'eNEtlM-n4BF-D4dn-EwOW-9hCB-20tN-6c7CVQ', '23:17:05', {});
  for (const name of ['12-lvs-json-all', '13-lvs-json-missing-vg']) {
    const fixture = readRealTool(name);
    const result = await host.runner.run({ argv: fixture.argv, timeoutMs: 0 });
    assert.deepEqual([result.exitCode, result.stdout, result.stderr], [fixture.exitCode, fixture.stdout, fixture.stderr], name);
  }
});
