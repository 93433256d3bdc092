// Every configuration key in one table: its default, what it accepts, one line of documentation, and the parser
// that turns its text into a typed value. The README's configuration reference is checked against this table,
// and defaults are written as config text and parsed like any value, so the documented default is the real one.
import type { LogLevel, SnapshotType } from './types.ts';
import { parseDuration } from './duration.ts';
import {
  MAX_LVM_TAG_LENGTH, MAX_ORIGIN_LV_LENGTH, parseLvmTag, parseLvName, parseSnapshotSize, parseVgName,
} from './lvm-values.ts';
import { parseMatch } from './match.ts';
import { parseNfsClients } from './nfs-values.ts';
import {
  makeChoiceParser, makeNumberParser, parseBoolean, parseOptionList, parsePath, parseTimeout, parseTimezone,
} from './value-parsers.ts';

/** What a value parser may depend on besides the text. */
export interface ValueContext {
  /** Folder of the config file: a relative `statefile` is taken relative to it. */
  configDir: string;
  /** The zone `timezone = local` stands for; asked for only then. */
  systemTimezone: () => string;
}

/** One key of one kind of section. */
export interface KeySpec<T> {
  /** One line for the configuration reference. */
  doc: string;
  /** The values accepted, for the configuration reference. */
  accepted: string;
  /** Used when the key is absent or empty, written as it would be in the file. */
  default?: string;
  required?: boolean;
  /** Throws InvalidValueError with the reason when the text is not acceptable. */
  parse(text: string, context: ValueContext): T;
}

type KeyText = Omit<KeySpec<never>, 'default' | 'required' | 'parse'>;
type Parse<T> = KeySpec<T>['parse'];

const withDefault = <T>(value: string, parse: Parse<T>, text: KeyText): KeySpec<T> & { default: string } =>
  ({ ...text, default: value, parse });
const required = <T>(parse: Parse<T>, text: KeyText): KeySpec<T> & { required: true } =>
  ({ ...text, required: true, parse });
const optional = <T>(parse: Parse<T>, text: KeyText): KeySpec<T> => ({ ...text, parse });

/** The typed value a key yields: always present when it has a default or is required. */
export type KeyValue<S> = S extends KeySpec<infer T>
  ? (S extends { default: string } | { required: true } ? T : T | undefined)
  : never;
/** The typed values of a whole section. */
export type SectionValues<Table> = { [K in keyof Table]: KeyValue<Table[K]> };

const ABSOLUTE_PATH = 'an absolute path';
const TIMEOUT = 'seconds (`60`, `60s`) or `2m`, `1h`; at most 24 hours';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error', 'critical'];
const SNAPSHOT_TYPES: readonly SnapshotType[] = ['thin', 'thick'];
const parsePercent = makeNumberParser(0, 100, false);
const readAbsolutePath = (text: string): string => parsePath(text);

const MAIN_KEYS = {
  enabled: withDefault('false', parseBoolean, {
    doc: 'Must be true before lvmsnapper changes anything, so a half-written config does nothing.',
    accepted: 'true or false (also yes/no, on/off, 1/0, any case)',
  }),
  statefile: withDefault('/var/lib/lvmsnapper/state.json', (text, context) => parsePath(text, context.configDir), {
    doc: 'The state journal (JSON); it can be rebuilt from LVM tags if lost.',
    accepted: 'a path; a relative one is relative to the config file\'s folder',
  }),
  lvm_tag: withDefault('snapper', parseLvmTag, {
    doc: 'Tag put on every snapshot: only LVs carrying it are ever removed.',
    accepted: 'an LVM tag: letters, digits, `_ + . - / = ! : # &` (quoted when it has `#`), not starting with `-`, '
      + `at most ${MAX_LVM_TAG_LENGTH} characters`,
  }),
  lock_file: withDefault('/run/lvmsnapper.lock', readAbsolutePath, {
    doc: 'Lock that keeps two runs from overlapping; /run does not survive a reboot, which is what we want.',
    accepted: ABSOLUTE_PATH,
  }),
  timezone: withDefault('UTC', (text, context) => parseTimezone(text, context.systemTimezone), {
    doc: 'Time zone in which `match` rules are evaluated and calendar months are counted.',
    accepted: 'an IANA zone name such as Europe/Amsterdam, or `local` for the system\'s zone',
  }),
  max_pool_data_percent: withDefault('80', parsePercent, {
    doc: 'No thin snapshot is created while its pool\'s data usage is above this.',
    accepted: 'a number from 0 to 100',
  }),
  max_pool_metadata_percent: withDefault('80', parsePercent, {
    doc: 'No thin snapshot is created while its pool\'s metadata usage is above this.',
    accepted: 'a number from 0 to 100',
  }),
  concurrency: withDefault('64', makeNumberParser(1, 256, true), {
    doc: 'How many volumes are worked on at the same time (each runs one command at a time; LVM commands are '
      + 'further limited to 4 per VG). Raise it on hosts with a thousand volumes or more.',
    accepted: 'a whole number from 1 to 256',
  }),
  worker_threads_from: withDefault('256', makeNumberParser(0, 1_000_000, true), {
    doc: 'Runs over at least this many volumes spread their pipelines over worker threads on hosts with 3 cores or '
      + 'more; smaller runs, and every run on 1 or 2 cores, stay in one thread, which costs less than the workers '
      + '(see README, "Worker threads"). 0: always use them.',
    accepted: 'a whole number, 0 or more',
  }),
  metrics_file: optional(readAbsolutePath, {
    doc: 'If set, a Prometheus textfile-collector file written after every run.',
    accepted: ABSOLUTE_PATH,
  }),
  lvm_timeout: withDefault('120s', parseTimeout, {
    doc: 'Time limit for one `lvm` command; a VG\'s `lvremove` gets a second more for each snapshot it removes.',
    accepted: TIMEOUT,
  }),
  mount_timeout: withDefault('60s', parseTimeout, {
    doc: 'Time limit for one `mount` or `umount`.',
    accepted: TIMEOUT,
  }),
  exportfs_timeout: withDefault('60s', parseTimeout, { doc: 'Time limit for one `exportfs`.', accepted: TIMEOUT }),
  blkid_timeout: withDefault('30s', parseTimeout, { doc: 'Time limit for one `blkid`.', accepted: TIMEOUT }),
  pipeline_timeout: withDefault('600s', parseTimeout, {
    doc: 'Time limit for all the work on one volume in one run, from its start.',
    accepted: TIMEOUT,
  }),
};

const LOGGING_KEYS = {
  loglevel: withDefault('warning', makeChoiceParser(LOG_LEVELS), {
    doc: 'Least severe log messages written to stderr.',
    accepted: LOG_LEVELS.join(', '),
  }),
};

const EXPIRE_KEYS = {
  match: required(parseMatch, {
    doc: 'When this rule applies: `hour day-of-week day-of-month month`, all four must match.',
    accepted: 'four cron-like fields: `*`, numbers, lists `1,5`, ranges `2-10`, steps `*/6` `8-18/2`, names '
      + '`mon`-`sun` `jan`-`dec`; day of week 1 = Monday … 7 = Sunday, 0 is also Sunday',
  }),
  expire_after: required(parseDuration, {
    doc: 'How long a snapshot taken while the rule matches is kept; the longest of all matching rules wins.',
    accepted: 'a duration like `1 day`, `36 hours`, `2w`, `1 week 2 days`, `12h, 1d`, `3 months`, `1 year`, `90 min`',
  }),
};

const VOLUME_KEYS = {
  vg: required(parseVgName, { doc: 'Volume group of the volume.', accepted: 'an LVM name' }),
  lv: required(parseLvName, {
    doc: 'Logical volume to snapshot.',
    accepted: `an LVM name of at most ${MAX_ORIGIN_LV_LENGTH} characters (the snapshot name appends 15)`,
  }),
  mount: required(readAbsolutePath, { doc: 'Where the volume itself is mounted.', accepted: ABSOLUTE_PATH }),
  snapdir: required(readAbsolutePath, {
    doc: 'Folder in which each snapshot is mounted as `@GMT-YYYY.MM.DD-HH.MM.SS`.',
    accepted: `${ABSOLUTE_PATH}, not inside another volume's snapdir`,
  }),
  linkdir: optional(readAbsolutePath, {
    doc: 'If set, a symlink `@GMT-…` to each mounted snapshot is made here.',
    accepted: `${ABSOLUTE_PATH}, not inside any snapdir`,
  }),
  mountoptions: withDefault('ro', (text) => addReadOnly(parseOptionList(text)), {
    doc: 'Options for mounting the snapshots; `ro` is always added.',
    accepted: 'a comma-separated list of mount options, without `rw`',
  }),
  nfsexports: optional(parseNfsClients, {
    doc: 'If set, each snapshot is exported over NFS to these clients.',
    accepted: 'space-separated host names, IPv4 addresses, networks (`10.1.1.0/24`), wildcards, `@netgroup`s',
  }),
  nfsoptions: withDefault('ro,no_subtree_check', parseOptionList, {
    doc: 'Export options for exportfs; ignored without nfsexports. A unique `fsid=` is added unless given.',
    accepted: 'a comma-separated list of exports(5) options, without `rw`',
  }),
  snapshot_type: withDefault('thin', makeChoiceParser(SNAPSHOT_TYPES), {
    doc: '`thin` snapshots share the thin pool; `thick` ones are classic snapshots with their own space.',
    accepted: SNAPSHOT_TYPES.join(' or '),
  }),
  snapshot_size: optional(parseSnapshotSize, {
    doc: 'Space of a thick snapshot (required for thick, not allowed for thin).',
    accepted: 'an lvcreate size: `2G`, `512M` (-L), or `10%ORIGIN`, `5%VG`, `50%FREE`, `20%PVS` (-l)',
  }),
};

function addReadOnly(options: string[]): string[] {
  return options.includes('ro') ? options : ['ro', ...options];
}

/** The kinds of section, with their keys; the source of the configuration reference. */
export const CONFIG_SCHEMA = {
  main: { header: '[main]', doc: 'Settings for the whole program.', keys: MAIN_KEYS },
  logging: { header: '[logging]', doc: 'Logging to stderr.', keys: LOGGING_KEYS },
  expire: {
    header: '[expire_*]',
    doc: 'Any section named `expire_<something>`: when snapshots are taken and how long they are kept.',
    keys: EXPIRE_KEYS,
  },
  volume: {
    header: '[<volume>]',
    doc: 'Any other section: one logical volume to snapshot; the section name is the volume\'s name.',
    keys: VOLUME_KEYS,
  },
};

export type SectionKind = keyof typeof CONFIG_SCHEMA;

/** Which kind a section is, by its name (case-sensitive, as configparser reads section names). */
export function classifySection(name: string): SectionKind {
  if (name === 'main' || name === 'logging') return name;
  return name.startsWith('expire_') ? 'expire' : 'volume';
}
