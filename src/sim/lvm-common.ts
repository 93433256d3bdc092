// What every simulated lvm command shares: its message layout, exit codes, argument checks and names. Pure.

import type { Output, Step } from './command-types.ts';
import type { Lv, Vg, World } from './world.ts';
import type { OptionSpec, ParsedArgs } from './getopt.ts';
import { getopt } from './getopt.ts';
import { makeOutput } from './command-types.ts';

/** lvm2's exit codes (tools/errors.h): ECMD_FAILED and EINVALID_CMD_LINE. */
export const LVM_EXIT = { ok: 0, invalidCmdLine: 3, failed: 5 } as const;

/** One lvm message line: lvm indents everything it prints by two spaces. */
export function formatLvmLine(message: string): string {
  return `  ${message}\n`;
}

/** lvm's answer to a bad argument value (fixture 08). */
export function answerInvalidArgument(option: string, value: string): Output {
  return makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(`Invalid argument for --${option}: ${value}`)
    + formatLvmLine('Error during parsing of command line.'));
}

/** lvm's answer when the words given match none of the command's forms (lvm2 2.03 command definitions). */
export function answerNoMatchingCommand(command: string): Output {
  return makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(
    `No command with matching syntax recognised.  Run '${command} --help' for more information.`,
  ));
}

/** Options every lvm command takes: `--config` (parsed by lvcreate), `-y`, `-q` (accepted, changes nothing). */
export const COMMON_LVM_OPTIONS: readonly OptionSpec[] = [
  { long: 'config', arg: true },
  { long: 'yes', short: 'y', arg: false },
  { long: 'quiet', short: 'q', arg: false },
];

/** Parses an lvm command line; a getopt error becomes lvm's parse error (exit 3). */
export function parseLvmArgs(
  command: string, args: readonly string[], specs: readonly OptionSpec[],
): { ok: true; args: ParsedArgs } | { ok: false; output: Output } {
  const parsed = getopt(command, args, [...COMMON_LVM_OPTIONS, ...specs]);
  if (parsed.ok) return parsed;
  return { ok: false, output: makeOutput(LVM_EXIT.invalidCmdLine, '', `${parsed.message}\n${formatLvmLine('Error during parsing of command line.')}`) };
}

/** The tag lvm stores for `--addtag`/`--deltag` (a leading `@` is dropped), or undefined when lvm refuses it. */
export function normalizeTag(value: string): string | undefined {
  const tag = value.startsWith('@') ? value.slice(1) : value;
  // lib/misc/lvm-string.c, validate_tag: letters, digits and "_+.-/=!:&#", at most 128 characters.
  return /^[A-Za-z0-9_+.\-/=!:#&]{1,128}$/.test(tag) ? tag : undefined;
}

const RESERVED_PREFIXES = ['snapshot', 'pvmove'];
const RESERVED_PARTS = ['_cdata', '_cmeta', '_corig', '_cpool', '_cvol', '_iorig', '_mimage', '_mlog', '_pmspare',
  '_rimage', '_rmeta', '_tdata', '_tmeta', '_vdata', '_vorigin', '_wcorig'];

/** Why lvm refuses `name` as an LV name, or undefined when it is valid (lib/misc/lvm-string.c). */
export function findLvNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/.test(name) || name === '.' || name === '..') {
    return `Logical volume name "${name}" is invalid.`;
  }
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) return `Names starting "${prefix}" are reserved. Please choose a different LV name.`;
  const part = RESERVED_PARTS.find((reserved) => name.includes(reserved));
  if (part !== undefined) return `Names including "${part}" are reserved. Please choose a different LV name.`;
  return undefined;
}

/** An lvm position argument: a VG, or an LV as `VG/LV` or `/dev/VG/LV`. */
export interface LvRef {
  vg: string;
  lv?: string;
}

/** Reads a VG or LV argument; undefined when it is neither. */
export function parseLvRef(text: string): LvRef | undefined {
  const path = text.startsWith('/dev/') ? text.slice('/dev/'.length) : text;
  const parts = path.split('/');
  if (parts.length === 1 && parts[0] !== '' && !text.startsWith('/dev/')) return { vg: parts[0]! };
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return { vg: parts[0]!, lv: parts[1]! };
  return undefined;
}

/** lvm's two lines for a VG that does not exist (fixtures 07, 13). */
export function formatMissingVg(vg: string): string {
  return formatLvmLine(`Volume group "${vg}" not found`) + formatLvmLine(`Cannot process volume group ${vg}`);
}

/** lvm's line for an LV that does not exist (fixture 34). */
export function formatMissingLv(vg: string, lv: string): string {
  return formatLvmLine(`Failed to find logical volume "${vg}/${lv}"`);
}

/** The thin pool autoextend settings lvm.conf (or `--config`) gives; lvm2's defaults are 100 and 20. */
export interface AutoextendSettings {
  threshold: number;
  percent: number;
}

/** Reads `activation { thin_pool_autoextend_threshold = N thin_pool_autoextend_percent = M }` from `--config`. */
export function readAutoextendSettings(configs: readonly string[]): AutoextendSettings {
  const settings: AutoextendSettings = { threshold: 100, percent: 20 };
  for (const config of configs) {
    const threshold = /thin_pool_autoextend_threshold\s*=\s*(\d+)/.exec(config);
    const percent = /thin_pool_autoextend_percent\s*=\s*(\d+)/.exec(config);
    if (threshold !== null) settings.threshold = Number(threshold[1]);
    if (percent !== null) settings.percent = Number(percent[1]);
  }
  return settings;
}

/** The LV arguments of one VG: all of its LVs, or these names (each once, in argument order). */
export interface VgGroup {
  all: boolean;
  names: string[];
}

/**
 * One step per VG named in the arguments, in lvm's processing order (VG names sorted), each under that VG's lock
 * and costing one item per LV (a whole VG counts once).
 */
export function planStepsPerVg(refs: readonly LvRef[], run: (world: World, vg: string, group: VgGroup) => Output): Step[] {
  const groups = new Map<string, VgGroup & { seen: Set<string> }>();
  for (const ref of [...refs].sort((a, b) => (a.vg < b.vg ? -1 : a.vg > b.vg ? 1 : 0))) {
    let group = groups.get(ref.vg);
    if (group === undefined) groups.set(ref.vg, (group = { all: false, names: [], seen: new Set() }));
    if (ref.lv === undefined) group.all = true;
    else if (!group.seen.has(ref.lv)) {
      group.seen.add(ref.lv);
      group.names.push(ref.lv);
    }
  }
  return [...groups].map(([vg, { all, names }]) => ({
    lock: nameVgLock(vg),
    items: all ? 1 : names.length,
    run: (world: World) => run(world, vg, { all, names }),
  }));
}

/** The LVs of `vg` a group of arguments names that exist, in metadata order (the order lvm processes them in). */
export function selectLvs(vg: Vg, group: VgGroup): Lv[] {
  if (group.all) return [...vg.lvs.values()];
  if (group.names.length === 1) {
    const lv = vg.lvs.get(group.names[0]!);
    return lv === undefined ? [] : [lv];
  }
  const names = new Set(group.names);
  return [...vg.lvs.values()].filter((lv) => names.has(lv.name));
}

/** The lock lvm takes on a VG while changing it (/run/lock/lvm/V_<vg>). */
export function nameVgLock(vg: string): string {
  return `V_${vg}`;
}
