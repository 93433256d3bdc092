// The LVM tags that mark a snapshot as ours and carry its expiry, so the whole state can be rebuilt from `lvs`
// when the state file is lost (SPEC §3). Pure.

import { formatUtcDigits, parseUtcDigits } from '../plan/naming.ts';

// lvm2 accepts these characters in a tag (lib/misc/lvm-string.c, validate_tag: "A-Za-z0-9._-+/=!:&#"). A leading
// '-' is refused as well, so a tag can never be read as an option, and so is anything over 128 characters (the
// tag length limit lvm(8) documented before it was lifted, and NAME_LEN: older lvm2 still enforce it).
const TAG_PATTERN = /^[A-Za-z0-9_+.\-/=!:#&]{1,128}$/;

/** True when lvm accepts `tag` for `--addtag` (lvcreate exits 3 otherwise, "Invalid argument for --addtag"). */
export function isValidLvmTag(tag: string): boolean {
  return TAG_PATTERN.test(tag) && !tag.startsWith('-');
}

const STAMP_PATTERN = /^(\d{8})T(\d{6})Z$/;

function expiryPrefix(lvmTag: string): string {
  return `${lvmTag}_exp:`;
}

/**
 * The instant an expiry tag carries for `expiresAt`: rounded up to a whole second, so a snapshot rebuilt from its
 * tag never expires earlier than it was meant to. What the state records for a new snapshot, so the two agree.
 */
export function atTagResolution(expiresAt: Date): Date {
  return new Date(Math.ceil(expiresAt.getTime() / 1000) * 1000);
}

/** The expiry tag `<lvmTag>_exp:YYYYmmddTHHMMSSZ` (UTC) of `expiresAt` at the tag's resolution. */
export function encodeExpiryTag(lvmTag: string, expiresAt: Date): string {
  if (Number.isNaN(expiresAt.getTime())) throw new Error('cannot encode an invalid date as an expiry tag');
  const digits = formatUtcDigits(atTagResolution(expiresAt));
  const stamp = `${digits.slice(0, 8)}T${digits.slice(8)}Z`;
  const tag = expiryPrefix(lvmTag) + stamp;
  if (!isValidLvmTag(tag)) throw new Error(`lvm_tag "${lvmTag}" does not make a valid LVM tag: "${tag}"`);
  return tag;
}

export type ExpiryTagResult = { ok: true; expiresAt: Date } | { ok: false; reason: string };

/**
 * The expiry carried by an LV's tags. Strict: no expiry tag, a malformed one or two that disagree is a reason,
 * never a guess, so that nothing is removed on a misread date.
 */
export function decodeExpiryTag(lvmTag: string, tags: readonly string[]): ExpiryTagResult {
  const prefix = expiryPrefix(lvmTag);
  const stamps = [...new Set(tags.filter((tag) => tag.startsWith(prefix)).map((tag) => tag.slice(prefix.length)))];
  if (stamps.length === 0) return { ok: false, reason: `no expiry tag ${prefix}YYYYmmddTHHMMSSZ` };
  if (stamps.length > 1) return { ok: false, reason: `conflicting expiry tags: ${stamps.map((s) => prefix + s).join(', ')}` };
  const stamp = stamps[0]!;
  const expiresAt = parseStamp(stamp);
  if (expiresAt === undefined) return { ok: false, reason: `malformed expiry tag ${prefix}${stamp}: expected ${prefix}YYYYmmddTHHMMSSZ` };
  return { ok: true, expiresAt };
}

function parseStamp(stamp: string): Date | undefined {
  const match = STAMP_PATTERN.exec(stamp);
  return match === null ? undefined : parseUtcDigits(`${match[1]}${match[2]}`);
}
