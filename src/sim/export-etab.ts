// The export table (etab) kept so that exportfs costs the same with ten thousand exports as with ten. Each
// changing exportfs run reads etab back after its own arguments: every hash bucket of a client type not touched
// by the arguments lands in front of the previous one (support/export/export.c, export_add), so the run writes
// those buckets back in reverse order, followed by the buckets its arguments touched. Here a type's buckets sit
// in a linked list with a direction flag: reversing is flipping the flag, and a run changes only the buckets its
// arguments name. Pure.

import type { ExportRecord } from './world.ts';
import { CLIENT_TYPES, ExportList, classifyClient, hashExportPath } from './export-table.ts';

interface Bucket {
  hash: number;
  entries: ExportRecord[];
  prev?: Bucket;
  next?: Bucket;
}

class TypeBuckets {
  first?: Bucket;
  last?: Bucket;
  reversed = false;
  readonly byHash = new Map<number, Bucket>();

  remove(bucket: Bucket): void {
    if (bucket.prev === undefined) this.first = bucket.next;
    else bucket.prev.next = bucket.next;
    if (bucket.next === undefined) this.last = bucket.prev;
    else bucket.next.prev = bucket.prev;
    bucket.prev = undefined;
    bucket.next = undefined;
    this.byHash.delete(bucket.hash);
  }

  /** Adds a bucket after the last one in etab order. */
  append(bucket: Bucket): void {
    if (this.reversed) {
      bucket.next = this.first;
      if (this.first === undefined) this.last = bucket;
      else this.first.prev = bucket;
      this.first = bucket;
    } else {
      bucket.prev = this.last;
      if (this.last === undefined) this.first = bucket;
      else this.last.next = bucket;
      this.last = bucket;
    }
    this.byHash.set(bucket.hash, bucket);
  }

  /** Buckets in etab order, or reversed. */
  *buckets(reverse: boolean): Generator<Bucket> {
    const backwards = this.reversed !== reverse;
    for (let bucket = backwards ? this.last : this.first; bucket !== undefined; bucket = backwards ? bucket.prev : bucket.next) {
      yield bucket;
    }
  }
}

const entryKey = (record: ExportRecord): string => `${classifyClient(record.client)}\0${record.client.toLowerCase()}\0${record.path}`;

/** The export table. */
export class Etab {
  private readonly types = CLIENT_TYPES.map(() => new TypeBuckets());

  /** The table holding `records`, given in etab order. */
  static from(records: readonly ExportRecord[]): Etab {
    const etab = new Etab();
    for (const record of records) {
      const types = etab.types[classifyClient(record.client)]!;
      const hash = hashExportPath(record.path);
      const bucket = types.byHash.get(hash);
      if (bucket !== undefined) bucket.entries.push(record);
      else types.append({ hash, entries: [record] });
    }
    return etab;
  }

  /** The table `exportfs -r` writes from /etc/exports (in file order) when etab holds nothing else. */
  static fromExportsFile(records: readonly ExportRecord[]): Etab {
    const list = new ExportList();
    for (const record of records) list.add(structuredClone(record), true);
    return Etab.from(list.listEtab());
  }

  /** etab's lines in order, as xtab_export_write writes them. */
  listRecords(): ExportRecord[] {
    return this.types.flatMap((types) => [...types.buckets(false)].flatMap((bucket) => bucket.entries));
  }

  /** The list an exportfs run holds after reading etab alone (what `exportfs -v` prints, in order). */
  listInReadOrder(): ExportRecord[] {
    return this.types.flatMap((types) => [...types.buckets(true)].flatMap((bucket) => bucket.entries));
  }

  /** The table a run writes after reading it back with nothing else in its list. */
  reread(): void {
    for (const types of this.types) types.reversed = !types.reversed;
  }

  /**
   * The table a changing run writes whose list held `argRecords` (in list order) before it read etab back: the
   * untouched buckets reversed, then the arguments' buckets, each with the entries etab had in it that the
   * arguments did not replace.
   */
  rereadAfter(argRecords: readonly ExportRecord[]): void {
    this.reread();
    for (let at = 0; at < argRecords.length;) {
      const type = classifyClient(argRecords[at]!.client);
      const hash = hashExportPath(argRecords[at]!.path);
      const run: ExportRecord[] = [];
      for (; at < argRecords.length && classifyClient(argRecords[at]!.client) === type && hashExportPath(argRecords[at]!.path) === hash; at += 1) {
        run.push(argRecords[at]!);
      }
      const types = this.types[type]!;
      const old = types.byHash.get(hash);
      const replaced = new Set(run.map(entryKey));
      if (old !== undefined) types.remove(old);
      types.append({ hash, entries: [...run, ...(old?.entries.filter((record) => !replaced.has(entryKey(record))) ?? [])] });
    }
  }

  /** Takes the entries for `client` (any case) and `path` out of the table and returns them. */
  remove(client: string, path: string): ExportRecord[] {
    const types = this.types[classifyClient(client)]!;
    const bucket = types.byHash.get(hashExportPath(path));
    if (bucket === undefined) return [];
    const name = client.toLowerCase();
    const gone = bucket.entries.filter((record) => record.path === path && record.client.toLowerCase() === name);
    bucket.entries = bucket.entries.filter((record) => !gone.includes(record));
    if (bucket.entries.length === 0) types.remove(bucket);
    return gone;
  }
}
