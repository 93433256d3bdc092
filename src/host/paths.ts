// Folder and link handling for snapshot mount dirs and @GMT links (and the folders of the lock, state and metrics
// files): never follows a link while removing, never replaces something that is not ours.
import { readdirSync, readlinkSync, type Dirent } from 'node:fs';
import { mkdir, readlink, rmdir, stat, symlink, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LinkEntry } from './inventory-types.ts';

const GMT_PREFIX = '@GMT-';

/**
 * Creates the folder and its missing parents with `mode`; an existing folder (or a link to one) is fine. Not
 * node's recursive mkdir: where a parent exists but mkdir still answers ENOENT (anywhere under /proc or /sys) that
 * one retries forever at full CPU, and a run would hang holding the lock. Here each parent is made once, and an
 * ENOENT after it is the answer.
 */
export async function ensureDir(path: string, mode = 0o755): Promise<void> {
  try {
    await makeOneDir(path, mode);
  } catch (error) {
    const parent = dirname(path);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw error;
    await ensureDir(parent, mode);
    await makeOneDir(path, mode);
  }
}

async function makeOneDir(path: string, mode: number): Promise<void> {
  try {
    await mkdir(path, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
  }
}

/** Whether `path` is a folder (or a link to one); not when it is missing or cannot be looked at. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export type LinkOutcome = 'created' | 'present';

/**
 * Creates `path` → `target`, and the link's folder when it is missing; an identical link is fine, anything else in
 * its place is an error. The folder is created only on ENOENT: it exists for every snapshot but a volume's first,
 * and for that one the pipeline makes it beforehand when the inventory saw it missing.
 */
export async function ensureLink(path: string, target: string): Promise<LinkOutcome> {
  try {
    await symlinkCreatingFolder(target, path);
    return 'created';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const existing = await readLinkOrUndefined(path);
  if (existing === target) return 'present';
  throw new Error(`${path} already exists and ${existing === undefined ? 'is not a symbolic link' : `points to ${existing}`}`);
}

async function symlinkCreatingFolder(target: string, path: string): Promise<void> {
  try {
    await symlink(target, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await ensureDir(dirname(path));
    await symlink(target, path);
  }
}

export type UnlinkOutcome = 'removed' | 'absent';

/**
 * Removes `path` only if it is a symbolic link pointing at `expectedTarget`; a missing link is fine. readlink(2)
 * says both whether it is a link (EINVAL when not) and where it points, in one call.
 */
export async function removeLinkIfOurs(path: string, expectedTarget: string): Promise<UnlinkOutcome> {
  let existing: string | undefined;
  try {
    existing = await readLinkOrUndefined(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (existing === undefined) throw new Error(`${path} is not a symbolic link: left alone`);
  if (existing !== expectedTarget) throw new Error(`${path} points to ${existing}, not ${expectedTarget}: left alone`);
  await unlink(path);
  return 'removed';
}

/** Removes an empty mount folder; a missing one is fine, a non-empty one is an error (something is still there). */
export async function removeEmptyDir(path: string): Promise<'removed' | 'absent'> {
  try {
    await rmdir(path);
    return 'removed';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

// The inventory reads its folders synchronously. Each read through node's thread pool costs a hand-off to another
// thread and back: 20,000 folders took 0.7-0.9 s of wall and 1.2-1.3 s of CPU that way here, against 0.2-0.3 s of
// both read in one go. A read cannot block where a write can (a frozen filesystem skips the atime update instead of
// waiting; a full thin pool queues writes, not reads), and the run cannot go on before it has them all anyway.

/** The `@GMT-…` folders of a snapdir (absolute paths); a missing snapdir has none. */
export function listGmtDirs(snapdir: string): string[] {
  return readdirOrNone(snapdir)
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(GMT_PREFIX))
    .map((entry) => join(snapdir, entry.name));
}

/** The `@GMT-…` entries of a linkdir with their link targets; a missing linkdir has none. */
export function listGmtLinks(linkdir: string): LinkEntry[] {
  return readdirOrNone(linkdir).filter((entry) => entry.name.startsWith(GMT_PREFIX)).map((entry) => {
    const path = join(linkdir, entry.name);
    return entry.isSymbolicLink() ? { path, target: readlinkSync(path) } : { path };
  });
}

function readdirOrNone(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

async function readLinkOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EINVAL') return undefined;
    throw error;
  }
}
