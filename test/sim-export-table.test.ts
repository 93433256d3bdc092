// The incremental export table gives the same etab, run after run, as rebuilding nfs-utils' export list from
// scratch each run (export_add with its hash buckets), including paths whose hashes collide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExportRecord } from '../src/sim/world.ts';
import { Etab } from '../src/sim/export-etab.ts';
import { makeDefaultExportOptions } from '../src/sim/export-options.ts';
import { ExportList, classifyClient, hashExportPath } from '../src/sim/export-table.ts';

// A run as nfs-utils does it: its arguments into an empty list, then etab read back, then written out.
function referenceExport(etab: readonly ExportRecord[], args: readonly ExportRecord[]): ExportRecord[] {
  const list = new ExportList();
  for (const record of args) if (list.find(record.client, record.path) === undefined) list.add(record, true);
  list.readEtab(etab);
  return list.listEtab();
}

function referenceUnexport(etab: readonly ExportRecord[], client: string, path: string): ExportRecord[] {
  const list = new ExportList();
  list.readEtab(etab);
  for (const entry of list.listEntries()) {
    if (entry.type === classifyClient(client) && entry.record.path === path && entry.record.client.toLowerCase() === client.toLowerCase()) entry.inEtab = false;
  }
  return list.listEtab();
}

function collidingPaths(): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 0; ; n += 1) {
    const path = `/srv/s${n}`;
    const other = seen.get(hashExportPath(path));
    if (other !== undefined) return [other, path];
    seen.set(hashExportPath(path), path);
  }
}

test('etab after random export and unexport runs matches the list rebuilt from scratch', () => {
  const [first, second] = collidingPaths();
  assert.equal(hashExportPath(first), hashExportPath(second));
  const paths = [first, second, '/srv/a', '/srv/bb', '/srv/ccc'];
  const clients = ['h1', 'H1', '10.0.0.1', '10.0.0.0/24', '*.example.org', '@ng', '*'];
  let state = 42;
  const pick = <T>(items: readonly T[]): T => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return items[state % items.length]!;
  };
  const record = (): ExportRecord => ({ client: pick(clients), path: pick(paths), options: makeDefaultExportOptions() });
  const etab = new Etab();
  let reference: ExportRecord[] = [];
  const show = (records: readonly ExportRecord[]): string[] => records.map((each) => `${each.client}:${each.path}`);
  for (let run = 0; run < 400; run += 1) {
    if (pick([true, true, false])) {
      const args = Array.from({ length: 1 + (state % 3) }, record);
      const list = new ExportList();
      for (const each of args) if (list.find(each.client, each.path) === undefined) list.add(each, true);
      etab.rereadAfter(list.listEntries().map((entry) => entry.record));
      reference = referenceExport(reference, args);
    } else {
      const { client, path } = record();
      etab.reread();
      etab.remove(client, path);
      reference = referenceUnexport(reference, client, path);
    }
    assert.deepEqual(show(etab.listRecords()), show(reference), `after run ${run}`);
  }
  assert.ok(reference.length > 5);
});

test('a round trip through etab order keeps the table', () => {
  const records = ['/a', '/bb', '/a'].map((path, index) => ({ client: `h${index}`, path, options: makeDefaultExportOptions() }));
  const etab = Etab.from(referenceExport([], records));
  assert.deepEqual(Etab.from(etab.listRecords()).listRecords(), etab.listRecords());
  assert.deepEqual(etab.listInReadOrder().map((each) => `${each.client}:${each.path}`), ['h0:/a', 'h2:/a', 'h1:/bb']);
});
