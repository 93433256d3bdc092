// `lvm lvchange`: activation (`-ay [-K]`, `-an`), tags (`--addtag`, `--deltag`) and the activation-skip flag,
// one VG at a time under its lock, LVs in metadata order, as lvm2 2.03 does (fixture 11). Pure.

import type { CommandPlan, Output } from './command-types.ts';
import type { LvRef } from './lvm-common.ts';
import type { Lv, Vg, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { hasOption, getLastValue } from './getopt.ts';
import {
  LVM_EXIT, planStepsPerVg, answerInvalidArgument, formatLvmLine, formatMissingLv, formatMissingVg, answerNoMatchingCommand, normalizeTag,
  parseLvmArgs, parseLvRef, selectLvs, type VgGroup,
} from './lvm-common.ts';
import { activateLv, listClassicSnapshots, deactivateLv, isMounted, listThinLvs } from './world-ops.ts';
import { touch } from './world.ts';

interface Change {
  addTags: string[];
  delTags: string[];
  skip?: boolean;
  activate?: boolean;
  ignoreSkip: boolean;
}

/** Plans an lvchange: one step per VG, each under that VG's lock. */
export function planLvchange(args: readonly string[]): CommandPlan {
  const parsed = parseLvmArgs('lvchange', args, [
    { long: 'activate', short: 'a', arg: true }, { long: 'ignoreactivationskip', short: 'K', arg: false },
    { long: 'addtag', arg: true }, { long: 'deltag', arg: true }, { long: 'setactivationskip', short: 'k', arg: true },
  ]);
  if (!parsed.ok) return planEarlyAnswer('lvchange', parsed.output);
  const change: Change = { addTags: [], delTags: [], ignoreSkip: hasOption(parsed.args, 'ignoreactivationskip') };
  for (const [option, list] of [['addtag', change.addTags], ['deltag', change.delTags]] as const) {
    for (const value of parsed.args.values.get(option) ?? []) {
      const tag = normalizeTag(value);
      if (tag === undefined) return planEarlyAnswer('lvchange', answerInvalidArgument(option, value));
      list.push(tag);
    }
  }
  const skip = getLastValue(parsed.args, 'setactivationskip');
  if (skip !== undefined && skip !== 'y' && skip !== 'n') return planEarlyAnswer('lvchange', answerInvalidArgument('setactivationskip', skip));
  if (skip !== undefined) change.skip = skip === 'y';
  const activation = getLastValue(parsed.args, 'activate');
  if (activation !== undefined && !/^[aelx]?[yn]$/.test(activation)) return planEarlyAnswer('lvchange', answerInvalidArgument('activate', activation));
  if (activation !== undefined) change.activate = activation.endsWith('y');
  const refs = parsed.args.positionals.map(parseLvRef);
  const nothing = change.addTags.length + change.delTags.length === 0 && change.skip === undefined && change.activate === undefined;
  if (nothing || refs.length === 0 || refs.some((ref) => ref === undefined)) return planEarlyAnswer('lvchange', answerNoMatchingCommand('lvchange'));
  const steps = planStepsPerVg(refs as LvRef[], (world, vgName, group) => changeVg(world, vgName, group, change));
  return { kind: 'lvchange', probe: [], steps };
}

function changeVg(world: World, vgName: string, group: VgGroup, change: Change): Output {
  const vg = world.vgs.get(vgName);
  if (vg === undefined) return makeOutput(LVM_EXIT.failed, '', formatMissingVg(vgName));
  let stdout = '';
  let stderr = '';
  for (const lv of selectLvs(vg, group)) {
    if (change.addTags.length + change.delTags.length > 0 || change.skip !== undefined) {
      changeProperties(world, lv, change);
      // tools/lvchange.c, _lvchange_properties_single.
      stdout += formatLvmLine(`Logical volume ${vg.name}/${lv.name} changed.`);
    }
    if (change.activate === true) activate(world, vg, lv, change.ignoreSkip);
    if (change.activate === false) stderr += deactivate(world, vg, lv);
  }
  for (const name of group.names) if (!vg.lvs.has(name)) stderr += formatMissingLv(vg.name, name);
  return makeOutput(stderr === '' ? LVM_EXIT.ok : LVM_EXIT.failed, stdout, stderr);
}

function changeProperties(world: World, lv: Lv, change: Change): void {
  lv.tags = [...lv.tags.filter((tag) => !change.delTags.includes(tag)), ...change.addTags.filter((tag) => !lv.tags.includes(tag))];
  if (change.skip !== undefined) lv.skipActivation = change.skip;
  touch(world);
}

// An LV with the activation-skip flag is silently left inactive unless -K is given (lvchange(8), -K).
function activate(world: World, vg: Vg, lv: Lv, ignoreSkip: boolean): void {
  if (lv.skipActivation && !ignoreSkip) return;
  if (lv.kind === 'cow') activateLv(world, vg.lvs.get(lv.origin)!);
  activateLv(world, lv);
  if (lv.kind !== 'cow') for (const snapshot of listClassicSnapshots(vg, lv.name)) activateLv(world, snapshot);
}

// lib/activate/activate.c, lv_check_not_in_use: a mounted LV, or a pool its thin LVs use, stays active.
function deactivate(world: World, vg: Vg, lv: Lv): string {
  const held = [lv, ...(lv.kind === 'cow' ? [] : listClassicSnapshots(vg, lv.name))];
  const mounted = held.find((each) => each.active && isMounted(world, vg.name, each.name));
  if (mounted !== undefined) return formatLvmLine(`Logical volume ${vg.name}/${mounted.name} contains a filesystem in use.`);
  if (lv.kind === 'thin-pool' && listThinLvs(vg, lv.name).some((thin) => thin.active)) {
    return formatLvmLine(`Logical volume ${vg.name}/${lv.name} is used by another device.`);
  }
  for (const each of held) deactivateLv(world, each);
  return '';
}
