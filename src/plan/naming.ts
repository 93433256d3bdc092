// Every name lvmsnapper derives: snapshot LV names, the @GMT folders Samba reads, links, device paths and the
// hour slot that keeps a volume to one snapshot an hour. Pure: the instant is always passed in.

import { posix } from 'node:path';
import { toLocalTime } from '../config/zoned-time.ts';

const DIGITS_PATTERN = /^\d{14}$/;

/** `YYYYmmddHHMMSS` of an instant in UTC, to the second (milliseconds are dropped). */
export function formatUtcDigits(instant: Date): string {
  const year = instant.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new Error(`cannot name an instant outside the years 0000-9999: ${String(instant)}`);
  return `${String(year).padStart(4, '0')}${pad2(instant.getUTCMonth() + 1)}${pad2(instant.getUTCDate())}`
    + `${pad2(instant.getUTCHours())}${pad2(instant.getUTCMinutes())}${pad2(instant.getUTCSeconds())}`;
}

/** The UTC instant of exactly 14 digits `YYYYmmddHHMMSS`, or undefined when they are not a real date and time. */
export function parseUtcDigits(digits: string): Date | undefined {
  if (!DIGITS_PATTERN.test(digits)) return undefined;
  const field = (start: number, end: number): number => Number(digits.slice(start, end));
  const [year, month, day, hour, minute, second] = [field(0, 4), field(4, 6), field(6, 8), field(8, 10), field(10, 12), field(12, 14)];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Date rolls 20261332… over into the next year; fields that do not read back identically are not a date.
  const exact = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return exact ? date : undefined;
}

/**
 * The time a snapshot taken at `now` is named after, its name's whole second. Its life counts from it too: counted
 * from the run's instant (10:00:00.4, once node is up), `expire_after = 6 hours` would end at 16:00:00.4, just after
 * the run cron starts at 16:00 looks, and hourly runs would keep seven snapshots instead of six.
 */
export function snapshotTime(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}

/** The snapshot LV of `lv` taken at `instant`: `<lv>-YYYYmmddHHMMSS` in UTC, as the original tool named them. */
export function snapshotLvName(lv: string, instant: Date): string {
  return `${lv}-${formatUtcDigits(instant)}`;
}

/** When the snapshot `name` of `origin` was taken, or undefined unless it is exactly `<origin>-<14 digits>`. */
export function parseSnapshotLvName(name: string, origin: string): Date | undefined {
  const prefix = `${origin}-`;
  if (origin === '' || !name.startsWith(prefix)) return undefined;
  return parseUtcDigits(name.slice(prefix.length));
}

/**
 * `@GMT-YYYY.MM.DD-HH.MM.SS` in UTC: Samba vfs_shadow_copy2's default `shadow:format`, read as UTC with its
 * default `shadow:localtime = no` (vfs_shadow_copy2(8)).
 */
export function gmtDirName(instant: Date): string {
  const d = formatUtcDigits(instant);
  return `@GMT-${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6, 8)}-${d.slice(8, 10)}.${d.slice(10, 12)}.${d.slice(12, 14)}`;
}

/** The folder a snapshot taken at `instant` is mounted on: `snapdir/@GMT-…`. */
export function snapshotMountDir(snapdir: string, instant: Date): string {
  return posix.join(snapdir, gmtDirName(instant));
}

/** The symlink `linkdir/@GMT-…` that points at the snapshot's mount folder. */
export function snapshotLinkPath(linkdir: string, instant: Date): string {
  return posix.join(linkdir, gmtDirName(instant));
}

/** The udev link lvm maintains for an active LV: `/dev/VG/LV`. */
export function lvDevicePath(vg: string, lv: string): string {
  return `/dev/${vg}/${lv}`;
}

/**
 * The device-mapper name of an LV, as mountinfo and mount's messages show it: `/dev/mapper/VG-LV`, each '-'
 * inside the VG and LV names doubled so the separating one stays unambiguous (lvm2 dm_build_dm_name).
 */
export function mapperDevicePath(vg: string, lv: string): string {
  return `/dev/mapper/${vg.replaceAll('-', '--')}-${lv.replaceAll('-', '--')}`;
}

// Snapshots of one run share their instant, so a run asks for the same few slots thousands of times; reading the
// local clock through Intl is the costly part. Keyed by the exact instant, so a cached slot is always the right one.
const slotCache = new Map<string, string>();
const SLOT_CACHE_LIMIT = 4096;

/**
 * The hour slot of `instant` in `timezone` (an IANA name): the UTC instant (ISO 8601) at which its hour of the
 * local clock began. Two instants share a slot exactly when they fall in the same local hour; zones a half hour
 * off UTC get their own boundaries, and the two 02:00 hours of a night when clocks go back are two slots.
 */
export function hourSlot(instant: Date, timezone: string): string {
  const key = `${timezone} ${instant.getTime()}`;
  const cached = slotCache.get(key);
  if (cached !== undefined) return cached;
  const { minute, second } = toLocalTime(instant, timezone);
  const sinceHour = minute * 60_000 + second * 1000 + instant.getUTCMilliseconds();
  if (Number.isNaN(sinceHour)) throw new Error(`cannot read the local time of ${String(instant)} in ${timezone}`);
  const slot = new Date(instant.getTime() - sinceHour).toISOString();
  if (slotCache.size >= SLOT_CACHE_LIMIT) slotCache.clear();
  slotCache.set(key, slot);
  return slot;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Whether a mount table source is this LV's device: mountinfo shows the device-mapper path, a mount made by hand may
 * show `/dev/VG/LV`.
 */
export function isLvDevice(source: string, vg: string, lv: string): boolean {
  return source === mapperDevicePath(vg, lv) || source === lvDevicePath(vg, lv);
}
