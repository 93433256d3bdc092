// `umount TARGET|DEVICE…`, answered as util-linux 2.38 answers (fixtures 32, 33): the topmost mount on the
// target goes; a target with mounts below it is busy. Several targets are unmounted in turn, past a failed one, and
// their exit statuses add up, capped at 255 (umount.c; three targets not mounted exit 96 in the VM suite's guest).
// Pure.

import type { CommandPlan, FsFacts } from './command-types.ts';
import type { World } from './world.ts';
import { planEarlyAnswer, makeOutput, mergeOutputs, type Output } from './command-types.ts';
import { findDeviceLv, buildMapperPath } from './devices.ts';
import { getopt } from './getopt.ts';
import { normalizeTarget } from './mount.ts';
import { findTopMount } from './mount-index.ts';
import { containsPath, removeMount } from './world-ops.ts';

const UMOUNT_USAGE = 1;
const UMOUNT_FAILURE = 32;
const MAX_EXIT_CODE = 255;

/** Plans an umount of each operand in turn. */
export function planUmount(args: readonly string[]): CommandPlan {
  const parsed = getopt('umount', args, [
    { long: 'lazy', short: 'l', arg: false }, { long: 'force', short: 'f', arg: false },
    { long: 'no-mtab', short: 'n', arg: false },
  ]);
  const usageTail = "Try 'umount --help' for more information.\n";
  if (!parsed.ok) return planEarlyAnswer('umount', makeOutput(UMOUNT_USAGE, '', `${parsed.message}\n${usageTail}`));
  const operands = parsed.args.positionals;
  if (operands.length === 0) return planEarlyAnswer('umount', makeOutput(UMOUNT_USAGE, '', `umount: bad usage\n${usageTail}`));
  return {
    kind: 'umount',
    probe: operands,
    steps: [{ items: operands.length, run: (world, facts) => mergeOutputs(operands.map((operand) => unmount(world, facts, operand)), addUp) }],
  };
}

function addUp(codes: number[]): number {
  return Math.min(MAX_EXIT_CODE, codes.reduce((sum, code) => sum + code, 0));
}

// libmount/src/context_umount.c, mnt_context_get_umount_excode: EINVAL "not mounted", ENOENT "no mount point
// specified", EBUSY "target is busy".
function unmount(world: World, facts: FsFacts, operand: string): Output {
  const target = normalizeTarget(operand);
  const fail = (reason: string): Output => makeOutput(UMOUNT_FAILURE, '', `umount: ${operand}: ${reason}.\n`);
  let mount = findTopMount(world, target);
  if (mount === undefined && operand.startsWith('/dev/')) {
    const device = findDeviceLv(world, operand);
    const source = device === undefined ? operand : buildMapperPath(device.vg.name, device.lv.name);
    mount = world.mounts.findLast((each) => each.source === source);
  }
  if (mount === undefined) {
    const fact = facts.get(operand);
    return fail(fact?.kind === 'dir' || fact?.kind === 'file' ? 'not mounted' : 'no mount point specified');
  }
  const index = world.mounts.indexOf(mount);
  const busy = world.mounts.some((other, at) => at > index && other !== mount && containsPath(mount!.target, other.target));
  if (busy) return fail('target is busy');
  removeMount(world, mount);
  return makeOutput(0);
}
