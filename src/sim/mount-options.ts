// mount(8)'s `-o` list split the way libmount and the kernel split it: per-mount VFS flags, superblock flags,
// options only mount(8) itself reads, and file-system options, which the file system accepts or refuses with
// EINVAL. Rendered back as /proc/self/mountinfo shows them. Pure.

import type { FsType } from './world.ts';

/** A parsed `-o` list. */
export interface MountOptions {
  readOnly: boolean;
  /** Per-mount flags shown after ro/rw: nosuid, nodev, noexec, the atime mode, nodiratime, nosymfollow. */
  perMount: Set<string>;
  /** Superblock flags: sync, dirsync, mand, lazytime. */
  superFlags: Set<string>;
  /** File-system options, in the order given. */
  fs: string[];
  /** X-mount.mkdir: mount makes the mount point (and its parents) first. */
  makeDir: boolean;
  /** An operation the simulated host does not model (remount, bind, loop…). */
  unsupported?: string;
}

// x-mount.mkdir is the spelling util-linux deprecated in 2.30 and still reads.
const MAKE_DIR = /^[xX]-mount\.mkdir(=[0-7]+)?$/;
const USERSPACE_ONLY = /^(defaults|auto|noauto|user|nouser|users|owner|group|nofail|_netdev|comment=.*|[xX]-.*|helper=.*|silent|loud|iversion|noiversion)$/;
const UNSUPPORTED = /^(remount|bind|rbind|move|make-.*|loop(=.*)?|offset=.*|sizelimit=.*|encryption=.*)$/;
const FLAG_PAIRS: ReadonlyArray<[string, string, 'perMount' | 'superFlags']> = [
  ['nosuid', 'suid', 'perMount'], ['nodev', 'dev', 'perMount'], ['noexec', 'exec', 'perMount'],
  ['nodiratime', 'diratime', 'perMount'], ['nosymfollow', 'symfollow', 'perMount'],
  ['sync', 'async', 'superFlags'], ['dirsync', '', 'superFlags'], ['mand', 'nomand', 'superFlags'],
  ['lazytime', 'nolazytime', 'superFlags'],
];
const ATIME = new Map([['noatime', 'noatime'], ['relatime', 'relatime'], ['strictatime', ''], ['atime', 'relatime'], ['norelatime', '']]);

/** Splits an `-o` list (several `-o` are one list). Later options win, as in libmount. */
export function parseMountOptions(list: readonly string[]): MountOptions {
  const parsed: MountOptions = { readOnly: false, perMount: new Set(), superFlags: new Set(), fs: [], makeDir: false };
  let atime = 'relatime';
  for (const option of list.flatMap((text) => text.split(',')).filter(Boolean)) {
    if (option === 'ro' || option === 'rw') parsed.readOnly = option === 'ro';
    else if (MAKE_DIR.test(option)) parsed.makeDir = true;
    else if (ATIME.has(option)) atime = ATIME.get(option)!;
    else if (UNSUPPORTED.test(option)) parsed.unsupported ??= option;
    else if (USERSPACE_ONLY.test(option)) continue;
    else if (!applyFlag(parsed, option) && !parsed.fs.includes(option)) parsed.fs.push(option);
  }
  if (atime !== '') parsed.perMount.add(atime);
  return parsed;
}

function applyFlag(parsed: MountOptions, option: string): boolean {
  for (const [set, clear, where] of FLAG_PAIRS) {
    if (option === set) parsed[where].add(set);
    else if (option === clear) parsed[where].delete(set);
    else continue;
    return true;
  }
  return false;
}

const EXT4_OPTIONS = /^(discard|nodiscard|noload|norecovery|acl|noacl|user_xattr|nouser_xattr|barrier|nobarrier|journal_checksum|nojournal_checksum|noinit_itable|init_itable|auto_da_alloc|noauto_da_alloc|delalloc|nodelalloc|dax|grpid|nogrpid|bsdgroups|sysvgroups|quota|noquota|usrquota|grpquota|prjquota|(errors|data|commit|stripe|resuid|resgid|sb|journal_ioprio|init_itable|max_batch_time|min_batch_time|inode_readahead_blks|barrier)=[^,]+)$/;
const XFS_OPTIONS = /^(nouuid|norecovery|discard|nodiscard|inode32|inode64|attr2|noattr2|ikeep|noikeep|largeio|nolargeio|swalloc|noalign|wsync|filestreams|grpid|nogrpid|bsdgroups|sysvgroups|uquota|usrquota|quota|uqnoenforce|qnoenforce|gquota|grpquota|gqnoenforce|pquota|prjquota|pqnoenforce|noquota|dax|(logbufs|logbsize|allocsize|sunit|swidth|logdev|rtdev|dax)=[^,]+)$/;

/** The first file-system option `fsType` does not know (the kernel answers EINVAL), if any. */
export function findUnknownFsOption(fsType: FsType, options: readonly string[]): string | undefined {
  const known = fsType === 'ext4' ? EXT4_OPTIONS : XFS_OPTIONS;
  return options.find((option) => !known.test(option));
}

/** The per-mount options mountinfo shows (fs/proc_namespace.c, show_mnt_opts). */
export function renderMountOptions(options: MountOptions): string[] {
  const order = ['nosuid', 'nodev', 'noexec', 'noatime', 'nodiratime', 'relatime', 'nosymfollow'];
  return [options.readOnly ? 'ro' : 'rw', ...order.filter((flag) => options.perMount.has(flag))];
}

const XFS_LEADING_FLAGS = ['ikeep', 'wsync', 'noalign', 'swalloc', 'nouuid', 'norecovery'];
const XFS_MIDDLE_FLAGS = ['filestreams', 'grpid', 'discard', 'largeio'];
const XFS_QUOTAS = /^(uquota|usrquota|quota|uqnoenforce|qnoenforce|gquota|grpquota|gqnoenforce|pquota|prjquota|pqnoenforce)$/;

/**
 * The superblock options mountinfo shows: ro/rw, superblock flags, then the file system's own list with its
 * defaults — ext4 on a thin LV adds the pool's stripe (`stripe=64`), XFS its fixed order ending in `attr2,inode64,
 * logbufs=8,logbsize=32k,noquota` (fixture mountinfo.txt; fs/xfs/xfs_super.c, xfs_fs_show_options).
 */
export function renderSuperOptions(options: MountOptions, fsType: FsType, onThinLv: boolean): string[] {
  const flags = ['sync', 'dirsync', 'mand', 'lazytime'].filter((flag) => options.superFlags.has(flag));
  const head = [options.readOnly ? 'ro' : 'rw', ...flags];
  const given = options.fs;
  if (fsType === 'ext4') {
    const shown = given.map((option) => (option === 'noload' ? 'norecovery' : option));
    if (onThinLv && !given.some((option) => option.startsWith('stripe='))) shown.push('stripe=64');
    return [...head, ...shown];
  }
  const valueOf = (key: string, fallback?: string): string[] => {
    const option = given.find((each) => each.startsWith(`${key}=`));
    return option !== undefined ? [option] : fallback !== undefined ? [`${key}=${fallback}`] : [];
  };
  const quotas = given.filter((option) => XFS_QUOTAS.test(option));
  return [
    ...head,
    ...XFS_LEADING_FLAGS.filter((flag) => given.includes(flag)),
    ...(given.includes('noattr2') ? [] : ['attr2']),
    ...XFS_MIDDLE_FLAGS.filter((flag) => given.includes(flag)),
    given.includes('inode32') ? 'inode32' : 'inode64',
    ...valueOf('allocsize'), ...valueOf('logbufs', '8'), ...valueOf('logbsize', '32k'),
    ...valueOf('sunit'), ...valueOf('swidth'),
    ...(quotas.length > 0 ? quotas : ['noquota']),
  ];
}
