// Parsers for the config values LVM itself will read: VG and LV names, the snapshot tag, thick snapshot sizes.
// Rejecting here what lvcreate would reject later turns a failure in the middle of a cron run into a config error.
import { InvalidValueError } from './invalid-value.ts';

// lvm(8) "VALID NAMES": a-z A-Z 0-9 + _ . -, not starting with a hyphen, not `.` or `..`.
const LVM_NAME = /^[A-Za-z0-9+_.-]+$/;
// lvm(8): "The LV name may also not contain any of the following strings" (names of LVM's hidden sub-LVs).
const RESERVED_LV_SUBSTRINGS = [
  '_cdata', '_cmeta', '_corig', '_iorig', '_mimage', '_mlog', '_pmspare',
  '_rimage', '_rmeta', '_tdata', '_tmeta', '_vdata', '_vorigin', '_wcorig',
];
// LVM refuses LV names starting with these ("Names starting \"snapshot\" are reserved", apply_lvname_restrictions()).
const RESERVED_LV_PREFIXES = ['snapshot', 'pvmove'];
// LVM's NAME_LEN is 128 bytes including the terminating NUL.
const MAX_LVM_NAME_LENGTH = 127;
// A snapshot is named `<lv>-<YYYYmmddHHMMSS>` (SPEC §3): the origin's name must leave room for 15 characters.
const SNAPSHOT_SUFFIX_LENGTH = '-YYYYmmddHHMMSS'.length;

// lvm(8) "TAGS": A-Z a-z 0-9 _ + . - / = ! : # &, not starting with a hyphen. LVM 2.02.x allowed 128 characters
// (later releases 1024); we keep to the older limit so the config works on every LVM in use.
const LVM_TAG = /^[A-Za-z0-9_+.\-/=!:#&]+$/;
const MAX_TAG_LENGTH = 128;
// Every snapshot also carries `<lvm_tag>_exp:YYYYmmddTHHMMSSZ` (SPEC §3), which must fit the same limit.
const EXPIRY_TAG_SUFFIX_LENGTH = '_exp:YYYYmmddTHHMMSSZ'.length;

/** The longest `lvm_tag` that leaves room for the expiry tag. */
export const MAX_LVM_TAG_LENGTH = MAX_TAG_LENGTH - EXPIRY_TAG_SUFFIX_LENGTH;
/** The longest origin LV name that leaves room for the snapshot suffix. */
export const MAX_ORIGIN_LV_LENGTH = MAX_LVM_NAME_LENGTH - SNAPSHOT_SUFFIX_LENGTH;

/** A volume group name LVM accepts. */
export function parseVgName(text: string): string {
  checkLvmName(text, MAX_LVM_NAME_LENGTH);
  return text;
}

/** An origin LV name LVM accepts, short enough that `<lv>-<14 digits>` is still a valid LV name. */
export function parseLvName(text: string): string {
  checkLvmName(text, MAX_ORIGIN_LV_LENGTH);
  const prefix = RESERVED_LV_PREFIXES.find((reserved) => text.startsWith(reserved));
  if (prefix !== undefined) throw new InvalidValueError(`LVM reserves LV names starting with \`${prefix}\``);
  const reserved = RESERVED_LV_SUBSTRINGS.find((substring) => text.includes(substring));
  if (reserved !== undefined) throw new InvalidValueError(`LVM reserves LV names containing \`${reserved}\``);
  return text;
}

function checkLvmName(text: string, maxLength: number): void {
  if (!LVM_NAME.test(text)) {
    throw new InvalidValueError(`\`${text}\` is not a valid LVM name (letters, digits and + _ . - only)`);
  }
  if (text.startsWith('-')) throw new InvalidValueError(`\`${text}\` starts with a hyphen, which LVM forbids`);
  if (text === '.' || text === '..') throw new InvalidValueError(`\`${text}\` is reserved by LVM`);
  if (text.length > maxLength) {
    throw new InvalidValueError(`\`${text}\` is ${text.length} characters long; at most ${maxLength} fit`);
  }
}

/** The tag that marks our snapshots; it must leave room for the expiry tag derived from it. */
export function parseLvmTag(text: string): string {
  if (!LVM_TAG.test(text)) {
    throw new InvalidValueError(`\`${text}\` is not a valid LVM tag (letters, digits and _ + . - / = ! : # & only)`);
  }
  if (text.startsWith('-')) throw new InvalidValueError(`\`${text}\` starts with a hyphen, which LVM forbids`);
  if (text.length > MAX_LVM_TAG_LENGTH) {
    throw new InvalidValueError(`\`${text}\` is ${text.length} characters long; at most ${MAX_LVM_TAG_LENGTH} fit, `
      + `so that the expiry tag \`<lvm_tag>_exp:YYYYmmddTHHMMSSZ\` stays within LVM's ${MAX_TAG_LENGTH}`);
  }
  return text;
}

// lvcreate(8): -L takes Size[UNIT] (b s k m g t p e, in either case); -l takes Number[PERCENT] with
// %VG, %FREE, %PVS or %ORIGIN. Only %ORIGIN may exceed 100.
const ABSOLUTE_SIZE = /^(\d+(?:\.\d+)?)([bskmgtpe]?)$/i;
const RELATIVE_SIZE = /^(\d+)%(origin|vg|free|pvs)$/i;

/**
 * A thick snapshot's size: an absolute size for `lvcreate -L` (`2G`, `512M`, `1.5t`) or a percentage for
 * `lvcreate -l` (`10%ORIGIN`, `5%VG`, `50%FREE`, `20%PVS`; the suffix is returned in upper case).
 */
export function parseSnapshotSize(text: string): string {
  const absolute = ABSOLUTE_SIZE.exec(text);
  if (absolute) {
    if (Number(absolute[1]) === 0) throw new InvalidValueError('the snapshot size must be more than zero');
    return text;
  }
  const relative = RELATIVE_SIZE.exec(text);
  if (relative) {
    const percent = Number(relative[1]);
    const base = relative[2].toUpperCase();
    if (percent === 0 || (base !== 'ORIGIN' && percent > 100)) {
      throw new InvalidValueError(`\`${text}\`: the percentage must be from 1 to 100 (more only with %ORIGIN)`);
    }
    return `${percent}%${base}`;
  }
  throw new InvalidValueError(`\`${text}\` is not a size (use e.g. \`2G\`, \`512M\` or \`10%ORIGIN\`)`);
}
