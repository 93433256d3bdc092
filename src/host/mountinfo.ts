// The mount table as the kernel shows it, and the mount, umount and blkid commands that change or probe it.
// Pure: the caller reads /proc/self/mountinfo and runs the commands.

import type { CommandResult } from './command.ts';
import type { MountEntry } from './inventory-types.ts';
import { BINARIES } from './binaries.ts';

/**
 * Parses /proc/self/mountinfo (proc(5)): `ID PARENT MAJ:MIN ROOT TARGET OPTIONS [OPTIONAL…] - TYPE SOURCE SUPER`.
 * The kernel escapes space, tab, newline and backslash in paths as `\040`, `\011`, `\012`, `\134`. Throws on a line
 * that does not have this shape.
 */
export function parseMountinfo(text: string): MountEntry[] {
  return text.split('\n').flatMap((line, index) => (line === '' ? [] : [parseLine(line, index + 1)]));
}

function parseLine(line: string, lineNumber: number): MountEntry {
  const fields = line.split(' ');
  const separator = fields.indexOf('-', 6);
  const fail = (what: string): never => {
    throw new Error(`mountinfo line ${lineNumber}: ${what}: ${line}`);
  };
  if (separator === -1) fail('no " - " separator after the optional fields');
  if (fields.length !== separator + 4) fail(`expected 3 fields after " - ", found ${fields.length - separator - 1}`);
  const [mountId, parentId, device, root, target, mountOptions] = fields as [string, string, string, string, string, string];
  if (!/^\d+$/.test(mountId) || !/^\d+$/.test(parentId)) fail('mount and parent ids are not numbers');
  if (!/^\d+:\d+$/.test(device)) fail(`device "${device}" is not major:minor`);
  const [fsType, source, superOptions] = fields.slice(separator + 1) as [string, string, string];
  return {
    mountId: Number(mountId),
    parentId: Number(parentId),
    device,
    root: unescapeOctal(root),
    target: unescapeOctal(target),
    mountOptions: splitOptions(mountOptions),
    fsType: unescapeOctal(fsType),
    source: unescapeOctal(source),
    superOptions: splitOptions(superOptions),
  };
}

function unescapeOctal(field: string): string {
  // Hardly any field has an escape, and a host's table can have hundreds of thousands of fields: here the 400,000 of
  // a 30,000-line table took 35-210 ms through the regular expression, 3-9 ms past this check.
  if (!field.includes('\\')) return field;
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

// Split before unescaping: a filesystem escapes a comma inside an option's value as \054 (seq_show_option).
function splitOptions(options: string): string[] {
  return options === '' ? [] : options.split(',').map(unescapeOctal);
}

/**
 * The mount option that has mount(8) make the mount folder, with its missing parents, mode 0755 (libmount's
 * X-mount.mkdir; mount only reads it, the kernel never sees it). A snapshot's folder is new, and made this way it
 * costs the run no filesystem call of its own: under load, every such call wakes a thread of node's pool and then
 * the run. util-linux 2.38 answers a folder it cannot make with only "operation permitted for root only" (exit 1,
 * in the VM suite's guest), so the pipeline asks the folder itself why (workers/pipelines.ts).
 */
export const MAKE_MOUNT_FOLDER = 'X-mount.mkdir';

/** `mount -o OPTS DEVICE TARGET`. */
export function buildMountArgv(device: string, target: string, options: readonly string[]): string[] {
  if (options.length === 0) throw new Error('a snapshot is never mounted without options: ro at least');
  return [BINARIES.mount, '-o', options.join(','), device, target];
}

/** `umount TARGET…`: util-linux unmounts each in turn, past a failed one, and adds up their exit statuses. */
export function buildUmountArgv(targets: readonly string[]): string[] {
  if (targets.length === 0) throw new Error('umount needs at least one target');
  return [BINARIES.umount, ...targets];
}

/** `blkid -o value -s TYPE DEVICE`: prints the filesystem type alone (`ext4`, `xfs`). */
export function buildBlkidArgv(device: string): string[] {
  return [BINARIES.blkid, '-o', 'value', '-s', 'TYPE', device];
}

/** The type blkid printed, or undefined when it printed none (exit 2: no filesystem found, fixture 16). */
export function parseBlkidType(stdout: string): string | undefined {
  const lines = stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length > 1 || /\s/.test(lines[0] ?? '')) throw new Error(`blkid printed more than one type: ${JSON.stringify(stdout)}`);
  return lines[0];
}

/** umount of something not mounted: exit 32, "not mounted." (fixture 33). For an unmount step, already done. */
export function isNotMountedError(result: CommandResult): boolean {
  return result.exitCode === 32 && /: not mounted\.?\s*$/m.test(result.stderr);
}

/**
 * The options a snapshot is mounted with: `ro` first, then the configured ones. A snapshot carries its origin's
 * filesystem UUID, and XFS refuses to mount a second filesystem with a UUID already mounted unless told `nouuid`;
 * a snapshot of a mounted XFS also has a dirty log, which a read-only mount cannot replay, hence `norecovery`
 * (xfs(5); fixtures 18 and 19: `ro` alone exits 32). ext4 gets nothing: it mounts `ro` as it is (fixture 17), and
 * its UUID is never changed (tune2fs -U fails on metadata_csum filesystems, SPEC §7).
 */
export function mountOptionsFor(fsType: string | undefined, configured: readonly string[]): string[] {
  if (configured.includes('rw')) throw new Error('a snapshot is only ever mounted read-only, "rw" cannot be used');
  const options = ['ro', ...configured.filter((option) => option !== 'ro')];
  if (fsType === 'xfs') options.push('nouuid', 'norecovery');
  return [...new Set(options)];
}
