import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatUtcDigits, gmtDirName, hourSlot, lvDevicePath, mapperDevicePath, parseSnapshotLvName, parseUtcDigits,
  snapshotLinkPath, snapshotLvName, snapshotMountDir,
} from '../src/plan/naming.ts';
import { readRealTool, readRealToolFile } from './host-real-tools.ts';
import { toLocalTime } from '../src/config/zoned-time.ts';

const T = new Date('2026-12-01T10:00:00Z');

test('snapshotLvName is <lv>-YYYYmmddHHMMSS in UTC, as in fixture 03', () => {
  assert.equal(snapshotLvName('home', T), 'home-20261201100000');
  assert.ok(readRealTool('03-lvcreate-thin-snapshot-tagged').argv.includes(snapshotLvName('home', T)));
  assert.equal(snapshotLvName('srv-home', new Date('2026-01-02T03:04:05.999+02:00')), 'srv-home-20260102010405');
});

test('parseSnapshotLvName reads names back, names with dashes included', () => {
  for (const lv of ['home', 'srv-home', 'a-1', 'x.y_z+w']) {
    const instant = new Date('2027-02-28T23:59:59Z');
    assert.equal(parseSnapshotLvName(snapshotLvName(lv, instant), lv)?.toISOString(), instant.toISOString());
  }
});

test('parseSnapshotLvName accepts nothing but exactly <origin>-<14 digits of a real UTC time>', () => {
  const rejected: [string, string][] = [
    ['home-20261201100000', 'hom'],        // another origin's prefix
    ['home-20261201100000', 'home-2026'],  // origin with dashes swallowing digits
    ['srv-home-20261201100000', 'home'],   // snapshot of srv-home, not of home
    ['home-2026120110000', 'home'],        // 13 digits
    ['home-202612011000000', 'home'],      // 15 digits
    ['home-20261301100000', 'home'],       // month 13
    ['home-20260230100000', 'home'],       // 30 February
    ['home-20261201240000', 'home'],       // hour 24
    ['home-20261201105960', 'home'],       // second 60
    ['home_20261201100000', 'home'],
    ['home-2026120110000x', 'home'],
    ['home-20261201100000', ''],
  ];
  for (const [name, origin] of rejected) assert.equal(parseSnapshotLvName(name, origin), undefined, `${name} of ${origin}`);
  assert.equal(parseSnapshotLvName('home-20280229000000', 'home')?.toISOString(), '2028-02-29T00:00:00.000Z');
});

test('formatUtcDigits and parseUtcDigits round-trip, and refuse what is not a date', () => {
  assert.equal(formatUtcDigits(new Date('0999-01-01T00:00:00Z')), '09990101000000');
  assert.equal(parseUtcDigits('09990101000000')?.toISOString(), '0999-01-01T00:00:00.000Z');
  assert.equal(parseUtcDigits('00500101000000')?.getUTCFullYear(), 50);
  assert.equal(parseUtcDigits('2026120110000'), undefined);
  assert.throws(() => formatUtcDigits(new Date(Number.NaN)), /outside the years/);
});

test('gmtDirName is Samba shadow_copy2\'s default format in UTC, as in mountinfo', () => {
  assert.equal(gmtDirName(T), '@GMT-2026.12.01-10.00.00');
  assert.equal(gmtDirName(new Date('2026-03-09T07:08:09.500+01:00')), '@GMT-2026.03.09-06.08.09');
  assert.match(readRealToolFile('mountinfo.txt'), new RegExp(` /snapshots/home/${gmtDirName(T)} `));
});

test('snapshotMountDir and snapshotLinkPath put the @GMT name under their folder', () => {
  assert.equal(snapshotMountDir('/snapshots/home', T), '/snapshots/home/@GMT-2026.12.01-10.00.00');
  assert.equal(snapshotMountDir('/snapshots/home/', T), '/snapshots/home/@GMT-2026.12.01-10.00.00');
  assert.equal(snapshotMountDir('/snap/with space', T), '/snap/with space/@GMT-2026.12.01-10.00.00');
  assert.equal(snapshotLinkPath('/home/.snapshots', T), '/home/.snapshots/@GMT-2026.12.01-10.00.00');
});

test('lvDevicePath and mapperDevicePath, with dashes doubled in the mapper name', () => {
  assert.equal(lvDevicePath('vgA', 'home-20261201100000'), '/dev/vgA/home-20261201100000');
  assert.deepEqual(readRealTool('14-blkid-ext4').argv.at(-1), lvDevicePath('vgA', 'home-20261201100000'));
  assert.equal(mapperDevicePath('vgA', 'home-20261201100000'), '/dev/mapper/vgA-home--20261201100000');
  assert.match(readRealToolFile('mountinfo.txt'), new RegExp(` ${mapperDevicePath('vgA', 'data-20261201100000')} `));
  assert.equal(mapperDevicePath('vg-data', 'srv-home-1'), '/dev/mapper/vg--data-srv--home--1');
});

test('hourSlot: one key per hour of the local clock', () => {
  assert.equal(hourSlot(new Date('2026-12-01T10:00:00Z'), 'UTC'), hourSlot(new Date('2026-12-01T10:59:59.999Z'), 'UTC'));
  assert.notEqual(hourSlot(new Date('2026-12-01T10:59:59Z'), 'UTC'), hourSlot(new Date('2026-12-01T11:00:00Z'), 'UTC'));
  assert.equal(hourSlot(new Date('2026-12-01T10:17:03.250Z'), 'UTC'), '2026-12-01T10:00:00.000Z');
});

test('hourSlot: a zone half an hour off UTC has its own hour boundaries', () => {
  const kolkata = 'Asia/Kolkata'; // UTC+05:30: local 16:00 begins at 10:30 UTC
  assert.equal(hourSlot(new Date('2026-12-01T10:29:00Z'), kolkata), '2026-12-01T09:30:00.000Z');
  assert.equal(hourSlot(new Date('2026-12-01T10:30:00Z'), kolkata), '2026-12-01T10:30:00.000Z');
  assert.equal(hourSlot(new Date('2026-12-01T11:29:59Z'), kolkata), hourSlot(new Date('2026-12-01T10:30:00Z'), kolkata));
});

test('hourSlot: the hour repeated when clocks go back is two slots', () => {
  // Europe/Berlin, 2026-10-25: 02:00-03:00 CEST (00:00Z-01:00Z), then 02:00-03:00 CET again (01:00Z-02:00Z).
  const first = hourSlot(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin');
  const second = hourSlot(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin');
  assert.notEqual(first, second);
  assert.equal(first, '2026-10-25T00:00:00.000Z');
  assert.equal(second, '2026-10-25T01:00:00.000Z');
});

test('hourSlot refuses an unknown zone', () => {
  assert.throws(() => hourSlot(T, 'Mars/Olympus'), RangeError);
});

test('UTC, read from the Date, gives what Intl gives for Etc/UTC: local time and hour slot', () => {
  // Every 7919 seconds (a prime, so minutes, seconds and weekdays all vary) over four years and a leap day,
  // plus instants before 1970 and at millisecond edges.
  const instants = [new Date('1969-12-31T23:59:59.999Z'), new Date('2028-02-29T23:59:59.001Z'), new Date(0)];
  for (let time = Date.parse('2026-01-01T00:00:00Z'); time < Date.parse('2030-01-01T00:00:00Z'); time += 7_919_000 + 7) {
    instants.push(new Date(time));
  }
  for (const instant of instants) {
    assert.deepEqual(toLocalTime(instant, 'UTC'), toLocalTime(instant, 'Etc/UTC'), instant.toISOString());
    assert.equal(hourSlot(instant, 'UTC'), hourSlot(instant, 'Etc/UTC'), instant.toISOString());
  }
});
