// From an argument vector to the plan of the simulated command, by the binary's name. Pure.

import type { CommandPlan } from './command-types.ts';
import { planBlkid } from './blkid.ts';
import { planExportfs } from './exportfs.ts';
import { planLvm } from './lvm.ts';
import { planMount } from './mount.ts';
import { planUmount } from './umount.ts';

const LVM_SUBCOMMAND_NAMES = new Set(['lvs', 'lvcreate', 'lvchange', 'lvremove']);

/** The binaries the simulated host answers for (the lvm subcommands also by their own names). */
export const SIMULATED_BINARIES = ['lvm', 'mount', 'umount', 'blkid', 'exportfs'] as const;

/** The plan for `argv`, or undefined when the simulated host has no such binary. */
export function planCommand(argv: readonly string[]): CommandPlan | undefined {
  const [binary, ...args] = argv;
  const name = binary?.slice(binary.lastIndexOf('/') + 1);
  if (name === 'lvm') return planLvm(args[0], args.slice(1));
  if (name !== undefined && LVM_SUBCOMMAND_NAMES.has(name)) return planLvm(name, args);
  if (name === 'mount') return planMount(args);
  if (name === 'umount') return planUmount(args);
  if (name === 'blkid') return planBlkid(args);
  if (name === 'exportfs') return planExportfs(args);
  return undefined;
}
