// `exportfs`, following nfs-utils 2.6's utils/exportfs/exportfs.c: `-o OPTS client:/path…` (fixture 25; a path
// that does not exist is reported, fixture 30, and exported all the same, as validate_export only warns), `-u`
// (fixtures 27, 28), `-ua`, `-r`/`-a` (which read /etc/exports), and `-v` (fixture 26). Every changing run reads
// etab back after its own arguments and writes it again, under exportfs's lock. Pure.

import type { CommandPlan, FsFacts, Output } from './command-types.ts';
import type { ParsedArgs } from './getopt.ts';
import type { ExportRecord, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { applyExportOptions, makeDefaultExportOptions, renderExportOptions } from './export-options.ts';
import { Etab } from './export-etab.ts';
import { CLIENT_TYPES, ExportList, classifyClient } from './export-table.ts';
import { getopt, hasOption, getLastValue } from './getopt.ts';
import { touch } from './world.ts';

const USAGE = 'usage: exportfs [-adfhioruvs] [host:/path]\n';

interface Run {
  export: boolean;
  all: boolean;
  reexport: boolean;
  ignoreExportsFile: boolean;
  verbose: boolean;
  options?: string;
  targets: string[];
}

/** Plans an exportfs call: listing reads etab; anything else changes it under the export lock. */
export function planExportfs(args: readonly string[]): CommandPlan {
  // getopt(3) string "ad:fhio:ruvs": short options only.
  const parsed = getopt('exportfs', args, [...'adfhioruvs'].map((letter) => ({
    long: letter, short: letter, arg: letter === 'd' || letter === 'o', shortOnly: true,
  })));
  if (!parsed.ok) return planEarlyAnswer('exportfs', makeOutput(1, '', `${parsed.message}\n${USAGE}`));
  const flag = (letter: string): boolean => hasOption(parsed.args, letter);
  if (flag('h')) return planEarlyAnswer('exportfs', makeOutput(0, '', USAGE));
  const run = readRun(parsed.args, flag);
  const refusal = refuse(run, flag('i'));
  if (refusal !== undefined) return planEarlyAnswer('exportfs', makeOutput(1, '', `exportfs: ${refusal}\n`));
  if (run.targets.length === 0 && !run.all) {
    if (flag('f')) return planEarlyAnswer('exportfs', makeOutput(0));
    return { kind: 'exportfs', probe: [], steps: [{ items: 1, run: (world) => dump(world, run.verbose, flag('s')) }] };
  }
  const probe = run.export ? run.targets.map((target) => splitTarget(target)?.path ?? '').filter(Boolean) : [];
  return { kind: 'exportfs', probe, steps: [{ lock: 'export-lock', items: Math.max(run.targets.length, 1), run: (world, facts) => change(world, facts, run) }] };
}

function readRun(args: ParsedArgs, flag: (letter: string) => boolean): Run {
  return {
    export: !flag('u'), all: flag('a') || flag('r'), reexport: flag('r'), ignoreExportsFile: flag('i'),
    verbose: flag('v'), options: getLastValue(args, 'o'), targets: args.positionals,
  };
}

function refuse(run: Run, ignore: boolean): string | undefined {
  if (run.targets.length > 0 && run.all) return 'extra arguments are not permitted with -a or -r';
  if (ignore && (run.all || !run.export)) return '-i not meaningful with -a, -r or -u';
  if (run.reexport && !run.export) return '-r and -u are incompatible';
  return undefined;
}

// exportfs_generic and exportfs_ipv6: `client:/path`, or `[IPv6]:/path` with the brackets dropped.
function splitTarget(target: string): { client: string; path: string } | undefined {
  if (target.startsWith('[')) {
    const close = target.indexOf(']');
    const separator = target.indexOf(':/', close);
    if (close !== -1 && target.slice(1, close).includes(':')) {
      if (separator === -1) return undefined;
      return { client: target.slice(1, close) + target.slice(close + 1, separator), path: target.slice(separator + 1) };
    }
  }
  const colon = target.indexOf(':');
  if (colon === -1 || target[colon + 1] !== '/') return undefined;
  return { client: target.slice(0, colon), path: target.slice(colon + 1) };
}

interface Messages {
  stdout: string;
  stderr: string;
  failed: boolean;
}

function change(world: World, facts: FsFacts, run: Run): Output {
  const messages: Messages = { stdout: '', stderr: '', failed: false };
  if (!run.export) unexportAll(world, run, messages);
  else if (run.all || (world.etcExports.length > 0 && !run.ignoreExportsFile)) reexport(world, facts, run, messages);
  else {
    const list = new ExportList();
    addTargets(list, facts, run, messages);
    world.exports.rereadAfter(list.listEntries().map((entry) => entry.record));
  }
  touch(world);
  return makeOutput(messages.failed ? 1 : 0, messages.stdout, messages.stderr);
}

function error(messages: Messages, message: string): void {
  messages.stderr += `exportfs: ${message}\n`;
  messages.failed = true;
}

// A run that reads /etc/exports (export_read) holds its entries in its list before anything else; -a and -r
// mark them all for etab, and -r does not read etab back.
function reexport(world: World, facts: FsFacts, run: Run, messages: Messages): void {
  const list = new ExportList();
  if (!run.ignoreExportsFile) for (const record of world.etcExports) list.add(structuredClone(record), run.all);
  if (world.etcExports.length === 0 && run.verbose) messages.stderr += 'exportfs: No file systems exported!\n';
  if (run.all && run.verbose) for (const { record } of list.listEntries()) messages.stdout += `exporting ${record.client}:${record.path}\n`;
  addTargets(list, facts, run, messages);
  if (!run.reexport) list.readEtab(world.exports.listRecords());
  world.exports = Etab.from(list.listEtab());
}

// exportfs_parsed: an argument already in the list gets the new options on top of its own (updateexportent).
function addTargets(list: ExportList, facts: FsFacts, run: Run, messages: Messages): void {
  for (const target of run.all ? [] : run.targets) {
    const split = splitTarget(target);
    if (split === undefined) {
      error(messages, `Invalid export syntax: ${target}`);
      continue;
    }
    const existing = list.find(split.client, split.path);
    const options = applyExportOptions(existing?.record.options ?? makeDefaultExportOptions(), run.options);
    if ('error' in options) {
      error(messages, options.error);
      continue;
    }
    const record: ExportRecord = { ...split, options };
    const entry = existing ?? list.add(record, true);
    entry.record = record;
    entry.inEtab = true;
    if (run.verbose) messages.stdout += `exporting ${split.client}:${split.path}\n`;
    // validate_export: only a warning, the export stays in etab.
    const fact = facts.get(split.path);
    if (fact?.kind === 'missing' || fact?.kind === 'error') error(messages, `Failed to stat ${split.path}: ${fact.error}`);
    else if (fact?.kind === 'file') error(messages, `${split.path} is not a directory. Remote access will fail`);
  }
}

// -ua writes an empty etab without reading anything; -u reads etab back, then each argument takes out every
// entry of its client type, client and path, a trailing slash ignored (unexportfs_parsed).
function unexportAll(world: World, run: Run, messages: Messages): void {
  if (run.all) {
    world.exports = new Etab();
    return;
  }
  world.exports.reread();
  for (const target of run.targets) {
    const split = splitTarget(target);
    if (split === undefined) {
      error(messages, `Invalid export syntax: ${target}`);
      continue;
    }
    const path = split.path.length > 1 ? split.path.replace(/\/+$/, '') || '/' : split.path;
    const gone = world.exports.remove(split.client, path);
    if (gone.length === 0) error(messages, `Could not find '${split.client}:${split.path}' to unexport.`);
    if (run.verbose) for (const record of gone) messages.stdout += `unexporting ${record.client}:${record.path}\n`;
  }
}

// dump(): a path longer than 14 characters on its own line, the client two tabs in on the next; otherwise the
// path padded to 14 and a tab. The anonymous client is `<world>` (`*` with -s).
function dump(world: World, verbose: boolean, exportFormat: boolean): Output {
  let text = '';
  for (const record of world.exports.listInReadOrder()) {
    const client = CLIENT_TYPES[classifyClient(record.client)] === 'anonymous' ? (exportFormat ? '*' : '<world>') : record.client;
    if (exportFormat) text += `${record.path.replace(/[ \t\n\\]/g, (char) => `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`)} ${client}`;
    else if (record.path.length > 14) text += `${record.path}\n\t\t${client}`;
    else text += `${record.path.padEnd(14)}\t${client}`;
    text += verbose || exportFormat ? `${renderExportOptions(record.options)}\n` : '\n';
  }
  return makeOutput(0, text);
}
