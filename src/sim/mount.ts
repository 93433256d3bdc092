// `mount [-t TYPE] -o OPTS DEVICE TARGET`, answered as util-linux 2.38 and the kernel answer (fixtures 17–23):
// the mount point must exist on the real file system (or be made by X-mount.mkdir); an XFS snapshot needs `nouuid`
// while a file system with its UUID is mounted, and `norecovery` for a read-only mount of its unreplayed log. Pure.

import type { CommandPlan, FsFacts, Output } from './command-types.ts';
import type { MountOptions } from './mount-options.ts';
import type { Lv, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { findDevice, buildMapperPath } from './devices.ts';
import { getopt, getLastValue } from './getopt.ts';
import { parseMountOptions, renderMountOptions, renderSuperOptions, findUnknownFsOption } from './mount-options.ts';
import { renderMountList } from './mountinfo.ts';
import { addMount, listLvMounts } from './world-ops.ts';
import { touch } from './world.ts';

// util-linux exit codes (mount(8), RETURN CODES): 1 incorrect invocation or permissions, 32 mount failure.
const MOUNT_USAGE = 1;
const MOUNT_FAILURE = 32;

/** Plans a mount; the mount point is looked up on the real file system first. */
export function planMount(args: readonly string[]): CommandPlan {
  const parsed = getopt('mount', args, [
    { long: 'types', short: 't', arg: true }, { long: 'options', short: 'o', arg: true },
    { long: 'read-only', short: 'r', arg: false }, { long: 'rw', short: 'w', arg: false },
    { long: 'read-write', arg: false }, { long: 'no-mtab', short: 'n', arg: false },
  ]);
  if (!parsed.ok) return planEarlyAnswer('mount', usage(`${parsed.message}\n`));
  const { positionals, values } = parsed.args;
  if (positionals.length === 0 && values.size === 0) {
    return { kind: 'mount', probe: [], steps: [{ items: 1, run: (world) => makeOutput(0, renderMountList(world)) }] };
  }
  // One operand is looked up in fstab, which the simulated host keeps empty.
  if (positionals.length === 1) return planEarlyAnswer('mount', makeOutput(MOUNT_USAGE, '', `mount: ${positionals[0]}: can't find in /etc/fstab.\n`));
  if (positionals.length !== 2) return planEarlyAnswer('mount', usage('mount: bad usage\n'));
  const list = [...(values.get('options') ?? [])];
  if (values.has('read-only')) list.push('ro');
  if (values.has('rw') || values.has('read-write')) list.push('rw');
  const options = parseMountOptions(list);
  if (options.unsupported !== undefined) {
    return planEarlyAnswer('mount', makeOutput(MOUNT_USAGE, '', `mount: the simulated host does not support -o ${options.unsupported}.\n`));
  }
  const [source, target] = positionals as [string, string];
  const type = getLastValue(parsed.args, 'types');
  return {
    kind: 'mount',
    probe: [target],
    ...(options.makeDir ? { makeDirs: [target] } : {}),
    steps: [{ items: 1, run: (world, facts) => mount(world, facts, source, target, options, type) }],
  };
}

function usage(first: string): Output {
  return makeOutput(MOUNT_USAGE, '', `${first}Try 'mount --help' for more information.\n`);
}

// libmount's message for a failed mount(2): the target, the reason, and the dmesg hint (sys-utils/mount.c,
// mk_exit_code; libmount/src/context_mount.c, mnt_context_get_mount_excode).
function failure(target: string, reason: string): Output {
  return makeOutput(MOUNT_FAILURE, '', `mount: ${normalizeTarget(target)}: ${reason}.\n`
    + '       dmesg(1) may have more information after failed mount system call.\n');
}

// util-linux 2.38.1's whole answer to an X-mount.mkdir that failed (a parent that is a file, a read-only file
// system, a path under /proc), as root, in the VM suite's guest: it does not say why.
function unmadeMountPoint(target: string): Output {
  return makeOutput(MOUNT_USAGE, '', `mount: ${normalizeTarget(target)}: operation permitted for root only.\n`);
}

function mount(world: World, facts: FsFacts, source: string, target: string, options: MountOptions, type: string | undefined): Output {
  const fact = facts.get(target);
  if (fact?.kind === 'unmade') return unmadeMountPoint(target);
  // The kernel resolves the mount point before the device (fs/namespace.c, path_mount).
  if (fact === undefined || fact.kind === 'missing' || fact.kind === 'error') return failure(target, 'mount point does not exist');
  if (fact.kind !== 'dir') return failure(target, 'mount point is not a directory');
  const device = findDevice(world, source);
  if (device === undefined) return failure(target, `special device ${source} does not exist`);
  const { vg, lv } = device;
  const canonical = buildMapperPath(vg.name, lv.name);
  const badSuperblock = failure(target, `wrong fs type, bad option, bad superblock on ${canonical}, missing codepage or helper program, or other error`);
  if (lv.fs === null || (type !== undefined && type !== 'auto' && type !== lv.fs.type)) return badSuperblock;
  if (findUnknownFsOption(lv.fs.type, options.fs) !== undefined) return badSuperblock;

  const existing = listLvMounts(world, vg.name, lv.name);
  if (existing.length > 0) {
    // The superblock is shared: a second mount of the same device must agree on ro/rw, and never on the same
    // mount point twice (fixture 20).
    const first = existing[0]!;
    const sameReadOnly = first.superOptions[0] === (options.readOnly ? 'ro' : 'rw');
    if (!sameReadOnly || existing.some((mount) => mount.target === normalizeTarget(target))) {
      return failure(target, `${canonical} already mounted on ${first.target}`);
    }
  } else if (lv.fs.type === 'xfs' && xfsRefuses(world, lv, options)) {
    return badSuperblock;
  }
  if (!options.readOnly && lv.fs.logDirty && !options.fs.includes('norecovery')) {
    lv.fs.logDirty = false; // a read-write mount replays the log
    touch(world);
  }
  addMount(world, {
    target: normalizeTarget(target), fsType: lv.fs.type, source: canonical,
    mountOptions: renderMountOptions(options), superOptions: renderSuperOptions(options, lv.fs.type, lv.kind === 'thin'),
    lv: { vg: vg.name, name: lv.name }, persistent: false,
  }, lv);
  return makeOutput(0);
}

// fs/xfs/xfs_super.c and xfs_mount.c: norecovery only read-only; a UUID already mounted is refused without
// nouuid (fixture 18); a log that needs recovery is not replayed on a read-only mount without norecovery.
function xfsRefuses(world: World, lv: Lv, options: MountOptions): boolean {
  const norecovery = options.fs.includes('norecovery');
  if (norecovery && !options.readOnly) return true;
  if (!options.fs.includes('nouuid') && mountedUuids(world).has(lv.fs!.uuid)) return true;
  return options.readOnly && lv.fs!.logDirty && !norecovery;
}

function mountedUuids(world: World): Set<string> {
  const uuids = new Set<string>();
  for (const mount of world.mounts) {
    if (mount.lv === null) continue;
    const mounted = world.vgs.get(mount.lv.vg)?.lvs.get(mount.lv.name);
    if (mounted?.fs != null) uuids.add(mounted.fs.uuid);
  }
  return uuids;
}

/** A mount point as the mount table records it: no trailing slash, no `.` or doubled slashes. */
export function normalizeTarget(target: string): string {
  const parts: string[] = [];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
