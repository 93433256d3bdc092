// exportfs argument vectors, its verbose export table, and the fsid every snapshot export needs. Pure.

import { hash } from 'node:crypto';
import type { CommandResult } from '../host/command.ts';
import type { ExportEntry } from '../host/inventory-types.ts';
import { BINARIES } from '../host/binaries.ts';

/** One folder exported to one client. */
export interface ExportTarget {
  /** Host, IP, CIDR, wildcard or `@netgroup`, as exports(5) allows. */
  client: string;
  path: string;
}

// exportfs splits `client:/path` at the first ':', so an IPv6 client goes in brackets (nfs-utils exportfs.c,
// exportfs_ipv6: `[2001:db8::/64]:/path`).
function formatTarget({ client, path }: ExportTarget): string {
  return client.includes(':') ? `[${client}]:${path}` : `${client}:${path}`;
}

/** `exportfs -o OPTS client:/path …`: several clients and folders in one call (fixture 25). */
export function buildExportArgv(targets: readonly ExportTarget[], options: readonly string[]): string[] {
  if (targets.length === 0) throw new Error('exportfs needs at least one client:/path');
  return [BINARIES.exportfs, ...(options.length > 0 ? ['-o', options.join(',')] : []), ...targets.map(formatTarget)];
}

/**
 * `exportfs -u client:/path …`: one call. exportfs unexports each argument in turn and reports the ones it could
 * not find without stopping (nfs-utils exportfs.c, main and unexportfs_parsed), exiting 1 if there was any.
 */
export function buildUnexportArgv(targets: readonly ExportTarget[]): string[] {
  if (targets.length === 0) throw new Error('exportfs -u needs at least one client:/path');
  return [BINARIES.exportfs, '-u', ...targets.map(formatTarget)];
}

const NOT_FOUND_LINE = /^exportfs: Could not find '.*' to unexport\.$/;

/**
 * exportfs -u exited 1 only because some of its targets were not exported (fixture 28), as after an NFS server
 * restart or `exportfs -ua`: the others were unexported, so the step is done (SPEC §7).
 */
export function isNotExportedError(result: CommandResult): boolean {
  const lines = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return result.exitCode === 1 && lines.length > 0 && lines.every((line) => NOT_FOUND_LINE.test(line));
}

/** `exportfs -v`: the current export table, every entry with its options (fixture 26). */
export function buildExportListArgv(): string[] {
  return [BINARIES.exportfs, '-v'];
}

/**
 * Parses `exportfs -v` (nfs-utils exportfs.c, dump): a path longer than 14 characters is printed on a line of its
 * own, its `client(options)` on the next line after two tabs; a shorter one is padded to 14 and shares the line,
 * after one tab. The anonymous client prints as `<world>`, and is read back as `*`, its name on exportfs' command
 * line: `exportfs -u <world>:/path` finds nothing to unexport. Throws on anything else.
 */
export function parseExportfsVerbose(stdout: string): ExportEntry[] {
  const entries: ExportEntry[] = [];
  let pendingPath: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('\t\t')) {
      if (pendingPath === undefined) throw new Error(`exportfs -v: client line without a path: ${line.trim()}`);
      entries.push(parseClient(pendingPath, line.slice(2)));
      pendingPath = undefined;
      continue;
    }
    if (pendingPath !== undefined) throw new Error(`exportfs -v: path ${pendingPath} has no client line`);
    const tab = line.indexOf('\t');
    if (tab === -1) pendingPath = line;
    else entries.push(parseClient(line.slice(0, tab).trimEnd(), line.slice(tab + 1)));
  }
  if (pendingPath !== undefined) throw new Error(`exportfs -v: path ${pendingPath} has no client line`);
  return entries;
}

function parseClient(path: string, text: string): ExportEntry {
  const match = /^([^\s()]+)\(([^()]*)\)\s*$/.exec(text);
  if (match === null) throw new Error(`exportfs -v: "${text.trim()}" for ${path} is not client(options)`);
  const client = match[1] === '<world>' ? '*' : match[1]!;
  return { path, client, options: match[2] === '' ? [] : match[2]!.split(',') };
}

/**
 * A stable fsid for a snapshot's exports, in UUID form (exportfs accepts any 32 hex digits as `fsid=`, nfs-utils
 * exports.c): the first 128 bits of the SHA-256 of `snapshotKey`, which names one snapshot for its whole life.
 */
export function fsidForSnapshot(snapshotKey: string): string {
  // One-shot: a plan of 10,000 volumes names 30,000 snapshots, which took 28-35 ms with a Hash object each here and
  // 7 ms this way.
  const hex = hash('sha256', snapshotKey, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The export options of a snapshot: the configured ones plus `fsid=`, unless they set one. A snapshot has its
 * origin's filesystem UUID, from which nfsd derives file handles when no fsid is given: every snapshot of a volume
 * (and the volume) would hand out the same handles, and clients would read one through another (exports(5), fsid).
 */
export function exportOptionsFor(configured: readonly string[], snapshotKey: string): string[] {
  if (configured.some((option) => option.startsWith('fsid='))) return [...configured];
  return [...configured, `fsid=${fsidForSnapshot(snapshotKey)}`];
}
