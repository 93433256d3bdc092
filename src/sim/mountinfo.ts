// The world's mount table as /proc/self/mountinfo prints it (proc(5)), and as `mount` without arguments lists
// it. Pure.

import type { MountRecord, World } from './world.ts';

// The kernel escapes space, tab, newline and backslash in paths as octal (fs/proc_namespace.c, mangle and
// seq_path with " \t\n\\"): a snapshot folder with a space shows as `\040` (fixture mountinfo.txt).
function escapeField(text: string): string {
  return text.replace(/[ \t\n\\]/g, (char) => `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** One mountinfo line: `ID PARENT MAJ:MIN ROOT TARGET OPTIONS - TYPE SOURCE SUPER`. */
export function formatMountinfoLine(mount: MountRecord): string {
  return `${mount.id} ${mount.parentId} ${mount.device} / ${escapeField(mount.target)} `
    + `${mount.mountOptions.join(',')} - ${escapeField(mount.fsType)} ${escapeField(mount.source)} `
    + `${mount.superOptions.join(',')}\n`;
}

/** The whole mount table in mountinfo format. */
export function renderMountinfo(world: World): string {
  return world.mounts.map(formatMountinfoLine).join('');
}

/**
 * `mount` without arguments: `SOURCE on TARGET type TYPE (OPTIONS)`, the per-mount and file-system options merged
 * as libmount merges them (ro/rw once).
 */
export function renderMountList(world: World): string {
  return world.mounts.map((mount) => {
    const options = [...mount.mountOptions, ...mount.superOptions.filter((option) => option !== 'ro' && option !== 'rw')];
    return `${mount.source} on ${mount.target} type ${mount.fsType} (${options.join(',')})\n`;
  }).join('');
}
