// Argument vectors for the lvm commands that change something (create, activate, remove), and the reading of
// what they answered. Pure.

import type { SnapshotType } from '../config/types.ts';
import type { CommandResult } from '../host/command.ts';
import { BINARIES } from '../host/binaries.ts';
import { isValidLvmTag } from '../state/tag-codec.ts';

/** What to snapshot, under which name, with which tags. */
export interface CreateSnapshotRequest {
  vg: string;
  origin: string;
  name: string;
  tags: readonly string[];
  type: SnapshotType;
  /** Thick only: `-L` size (`2G`) or `-l` extents with a percentage (`10%ORIGIN`). */
  size?: string;
}

/**
 * `lvm lvcreate -s …`. Thin: `-s -n NAME --addtag T… --setactivationskip n VG/ORIGIN`. lvcreate activates a new
 * LV by default, but a thin snapshot gets the activation-skip flag unless told otherwise, and that flag keeps it
 * inactive both now and at every boot (lvcreate(8), --setactivationskip; fixtures 03 and 04). Clearing it in the
 * same call creates, tags and activates in one lvm command, and the snapshot comes back by itself after a reboot.
 * Thick: `-s -L SIZE` (or `-l N%ORIGIN`), which is never created with the skip flag (fixture 09).
 */
export function buildCreateSnapshotArgv(request: CreateSnapshotRequest): string[] {
  const { vg, origin, name, tags, type, size } = request;
  for (const tag of tags) if (!isValidLvmTag(tag)) throw new Error(`invalid LVM tag "${tag}"`);
  const tagArgs = tags.flatMap((tag) => ['--addtag', tag]);
  if (type === 'thin') {
    if (size !== undefined) throw new Error(`a thin snapshot takes no size (got "${size}")`);
    return [BINARIES.lvm, 'lvcreate', '-s', '-n', name, ...tagArgs, '--setactivationskip', 'n', `${vg}/${origin}`];
  }
  if (size === undefined || size === '') throw new Error('a thick snapshot needs a size');
  // `-L` takes a size only; a percentage (%ORIGIN, %FREE, %VG) is a number of extents, `-l` (lvcreate(8)).
  const sizeArgs = size.includes('%') ? ['-l', size] : ['-L', size];
  return [BINARIES.lvm, 'lvcreate', '-s', ...sizeArgs, '-n', name, ...tagArgs, `${vg}/${origin}`];
}

/**
 * `lvm lvchange -ay -K VG/LV`: activates a snapshot even if it carries the activation-skip flag (`-K`,
 * --ignoreactivationskip), which thin snapshots made by hand or by older versions do (fixture 11).
 */
export function buildActivateArgv(vg: string, lv: string): string[] {
  return [BINARIES.lvm, 'lvchange', '-ay', '-K', `${vg}/${lv}`];
}

/** `lvm version`: whether lvm is there and answers. */
export function buildVersionArgv(): string[] {
  return [BINARIES.lvm, 'version'];
}

/** `lvm lvremove -y VG/N1 VG/N2 …`: one call for all of a VG's expired snapshots. */
export function buildRemoveArgv(vg: string, names: readonly string[]): string[] {
  if (names.length === 0) throw new Error('lvremove needs at least one LV');
  return [BINARIES.lvm, 'lvremove', '-y', ...names.map((name) => `${vg}/${name}`)];
}

/** What one batched lvremove did to each LV asked for. */
export interface RemoveOutcome {
  removed: string[];
  /** lvm found no such LV: already gone, which for expiry is as good as removed. */
  missing: string[];
  failed: { name: string; message: string }[];
  /** The output says nothing either way (killed at its deadline, an unknown message): read the inventory again. */
  unknown: string[];
}

/**
 * Reads a batched lvremove. lvm removes what it can and exits 5 if any one failed (fixture 35: the mounted one
 * fails, the other is removed), so each name is judged by its own line: "successfully removed" on stdout,
 * "Failed to find logical volume" or any other message naming it on stderr (fixtures 31, 34, 35).
 */
export function parseRemoveOutcome(result: CommandResult, requested: readonly string[]): RemoveOutcome {
  const outcome: RemoveOutcome = { removed: [], missing: [], failed: [], unknown: [] };
  if (result.spawnError !== undefined) {
    outcome.failed = requested.map((name) => ({ name, message: result.spawnError! }));
    return outcome;
  }
  const ran = result.exitCode !== null && !result.timedOut;
  const wanted = new Set(requested);
  const removedLines = linesByLv(splitLines(result.stdout).filter((line) => line.includes('successfully removed')), wanted);
  const errorLines = linesByLv(classifyLvmWarnings(result.stderr).errors, wanted);
  for (const name of requested) {
    const messages = errorLines.get(name) ?? [];
    if (removedLines.has(name) || (ran && result.exitCode === 0)) outcome.removed.push(name);
    else if (messages.some((line) => line.startsWith('Failed to find logical volume'))) outcome.missing.push(name);
    else if (messages.length > 0) outcome.failed.push({ name, message: messages.join(' / ') });
    else outcome.unknown.push(name);
  }
  return outcome;
}

// lvm names an LV as "NAME", VG/NAME or "VG/NAME"; the name must stand whole, so `home-1` is not found in
// `home-10`. Each line is split once into such words, so a batch of thousands stays linear.
function linesByLv(lines: readonly string[], wanted: ReadonlySet<string>): Map<string, string[]> {
  const byLv = new Map<string, string[]>();
  for (const line of lines) {
    const named = new Set(line.split(/[\s"/]+/).map((word) => word.replace(/\.$/, '')).filter((word) => wanted.has(word)));
    for (const name of named) byLv.set(name, [...(byLv.get(name) ?? []), line]);
  }
  return byLv;
}

/** lvm's output split into its WARNING lines and everything else, each trimmed, blank lines dropped. */
export interface LvmMessages {
  warnings: string[];
  errors: string[];
}

/**
 * Splits lvm's stderr into warnings and real errors. Over-provisioned thin pools make every lvcreate print
 * "WARNING: Sum of all thin volume sizes …" with exit 0 (fixture 03): that belongs in the report and the debug
 * log, not in every cron mail.
 */
export function classifyLvmWarnings(stderr: string): LvmMessages {
  const messages: LvmMessages = { warnings: [], errors: [] };
  for (const line of splitLines(stderr)) (line.startsWith('WARNING:') ? messages.warnings : messages.errors).push(line);
  return messages;
}

function splitLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}
