// exportfs's in-memory export list, rebuilt by every exportfs run: one list per client type, in nfs-utils' type
// order (support/include/exportfs.h: hosts and IPs, subnets, wildcards, netgroups, anonymous, gss), entries added
// the way support/export/export.c, export_add, adds them: the first entry of a path's hash bucket goes to the
// head of its type's list, later ones right after the last of their bucket. Pure.

import type { ExportRecord } from './world.ts';

/** Client types in nfs-utils' order (MCL_FQDN … MCL_GSS). */
export const CLIENT_TYPES = ['fqdn', 'subnetwork', 'wildcard', 'netgroup', 'anonymous', 'gss'] as const;

/** support/export/client.c, client_gettype: a plain IP address is a host (MCL_FQDN), `a/b` a subnet. */
export function classifyClient(client: string): number {
  if (client === '' || client === '*') return CLIENT_TYPES.indexOf('anonymous');
  if (client.startsWith('gss/')) return CLIENT_TYPES.indexOf('gss');
  if (client.startsWith('@')) return CLIENT_TYPES.indexOf('netgroup');
  for (let at = 0; at < client.length; at += 1) {
    const char = client[at];
    if (char === '*' || char === '?' || char === '[') return CLIENT_TYPES.indexOf('wildcard');
    if (char === '/') return CLIENT_TYPES.indexOf('subnetwork');
    if (char === '\\' && at + 1 < client.length) at += 1;
  }
  return CLIENT_TYPES.indexOf('fqdn');
}

/** export.c, export_hash: the sum of each (signed) byte of the path times its index, modulo HASH_TABLE_SIZE. */
export function hashExportPath(path: string): number {
  let sum = 0;
  const ascii = /^[\x00-\x7f]*$/.test(path);
  const bytes = ascii ? undefined : Buffer.from(path, 'utf8');
  const length = bytes?.length ?? path.length;
  for (let at = 0; at < length; at += 1) {
    const byte = bytes === undefined ? path.charCodeAt(at) : (bytes[at]! << 24) >> 24;
    sum = (sum + byte * at) >>> 0;
  }
  return sum % 1021;
}

/** One entry of the list: the export and whether it goes to etab (m_xtabent). */
export interface ListEntry {
  record: ExportRecord;
  type: number;
  inEtab: boolean;
  next: ListEntry | undefined;
}

/** The export list of one exportfs run. */
export class ExportList {
  private readonly heads: (ListEntry | undefined)[] = CLIENT_TYPES.map(() => undefined);
  private readonly buckets = CLIENT_TYPES.map(() => new Map<number, { first: ListEntry; last: ListEntry }>());

  /** export_add. */
  add(record: ExportRecord, inEtab: boolean): ListEntry {
    const type = classifyClient(record.client);
    const entry: ListEntry = { record, type, inEtab, next: undefined };
    const hash = hashExportPath(record.path);
    const bucket = this.buckets[type]!.get(hash);
    if (bucket === undefined) {
      entry.next = this.heads[type];
      this.heads[type] = entry;
      this.buckets[type]!.set(hash, { first: entry, last: entry });
    } else {
      entry.next = bucket.last.next;
      bucket.last.next = entry;
      bucket.last = entry;
    }
    return entry;
  }

  /** export_lookup: the entry for this client (compared without case, as client names are) and path. */
  find(client: string, path: string): ListEntry | undefined {
    const type = classifyClient(client);
    const bucket = this.buckets[type]!.get(hashExportPath(path));
    const name = client.toLowerCase();
    for (let entry = bucket?.first; entry !== undefined && entry !== bucket!.last.next; entry = entry.next) {
      if (entry.record.path === path && entry.record.client.toLowerCase() === name) return entry;
    }
    return undefined;
  }

  /** Every entry, type by type, each type's list in order. */
  listEntries(): ListEntry[] {
    const all: ListEntry[] = [];
    for (const head of this.heads) for (let entry = head; entry !== undefined; entry = entry.next) all.push(entry);
    return all;
  }

  /** xtab_export_read: etab's entries join the list; one already there keeps its options and goes to etab. */
  readEtab(etab: readonly ExportRecord[]): void {
    for (const record of etab) {
      const existing = this.find(record.client, record.path);
      if (existing !== undefined) existing.inEtab = true;
      else this.add(record, true);
    }
  }

  /** xtab_export_write: what goes to etab, in list order. */
  listEtab(): ExportRecord[] {
    return this.listEntries().filter((entry) => entry.inEtab).map((entry) => entry.record);
  }
}
