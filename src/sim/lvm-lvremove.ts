// `lvm lvremove -y VG/LV…`: removes each LV it can, one VG at a time under its lock; a mounted LV or a missing one
// fails alone and the exit code becomes 5 (fixtures 31, 34, 35). A classic origin takes its snapshots with it,
// a thin pool its thin LVs (lib/metadata/lv_manip.c, lv_remove_with_dependencies). Pure.

import type { CommandPlan, Output } from './command-types.ts';
import type { LvRef } from './lvm-common.ts';
import type { Lv, Vg, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { hasOption } from './getopt.ts';
import {
  LVM_EXIT, planStepsPerVg, formatLvmLine, formatMissingLv, formatMissingVg, answerNoMatchingCommand, parseLvmArgs, parseLvRef, selectLvs, type VgGroup,
} from './lvm-common.ts';
import { isMounted, listRemovalDependents, removeLv } from './world-ops.ts';

interface Messages {
  stdout: string;
  stderr: string;
}

/** Plans an lvremove: one step per VG, each costing its fixed part plus one item per LV named. */
export function planLvremove(args: readonly string[]): CommandPlan {
  const parsed = parseLvmArgs('lvremove', args, [{ long: 'force', short: 'f', arg: false }]);
  if (!parsed.ok) return planEarlyAnswer('lvremove', parsed.output);
  const refs = parsed.args.positionals.map(parseLvRef);
  if (refs.length === 0 || refs.some((ref) => ref === undefined)) return planEarlyAnswer('lvremove', answerNoMatchingCommand('lvremove'));
  const confirmed = hasOption(parsed.args, 'yes') || hasOption(parsed.args, 'force');
  const steps = planStepsPerVg(refs as LvRef[], (world, vgName, group) => removeFromVg(world, vgName, group, confirmed));
  return { kind: 'lvremove', probe: [], steps };
}

function removeFromVg(world: World, vgName: string, group: VgGroup, confirmed: boolean): Output {
  const vg = world.vgs.get(vgName);
  if (vg === undefined) return makeOutput(LVM_EXIT.failed, '', formatMissingVg(vgName));
  const messages: Messages = { stdout: '', stderr: '' };
  let failed = false;
  const requested = selectLvs(vg, group);
  for (const lv of requested) {
    if (vg.lvs.get(lv.name) !== lv) continue; // already removed with the origin or pool it belonged to
    if (!removeWithDependencies(world, vg, lv, confirmed, messages)) failed = true;
  }
  const found = new Set(requested.map((lv) => lv.name));
  for (const name of group.names) {
    if (found.has(name)) continue;
    messages.stderr += formatMissingLv(vg.name, name);
    failed = true;
  }
  return makeOutput(failed ? LVM_EXIT.failed : LVM_EXIT.ok, messages.stdout, messages.stderr);
}

function removeWithDependencies(world: World, vg: Vg, lv: Lv, confirmed: boolean, messages: Messages): boolean {
    for (const dependent of listRemovalDependents(vg, lv)) {
    if (!removeWithDependencies(world, vg, dependent, confirmed, messages)) return false;
  }
  return removeSingle(world, vg, lv, confirmed, messages);
}

// lib/metadata/lv_manip.c, lv_remove_single: refuses an LV in use, asks before removing an active one.
function removeSingle(world: World, vg: Vg, lv: Lv, confirmed: boolean, messages: Messages): boolean {
  if (lv.active && isMounted(world, vg.name, lv.name)) {
    messages.stderr += formatLvmLine(`Logical volume ${vg.name}/${lv.name} contains a filesystem in use.`);
    return false;
  }
  if (lv.active && !confirmed) {
    // Without -y the question is answered by stdin, which a cron job does not have: no.
    messages.stdout += `Do you really want to remove active logical volume ${vg.name}/${lv.name}? [y/n]: `;
    messages.stderr += formatLvmLine(`Logical volume ${vg.name}/${lv.name} not removed.`);
    return false;
  }
  removeLv(world, vg, lv);
  messages.stdout += formatLvmLine(`Logical volume "${lv.name}" successfully removed.`);
  return true;
}
