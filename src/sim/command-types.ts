// What an interpreted command is made of: the kind (for latency and faults), the real folders it needs to look
// at, and the steps that run against the world, each optionally under a lock. Pure types and helpers.

import type { World } from './world.ts';

/** The command kinds latency and faults are configured by. */
export type CommandKind = 'lvs' | 'lvcreate' | 'lvchange' | 'lvremove' | 'mount' | 'umount' | 'blkid' | 'exportfs';

/** Every command kind, in a stable order. */
export const COMMAND_KINDS: readonly CommandKind[] = [
  'lvs', 'lvcreate', 'lvchange', 'lvremove', 'mount', 'umount', 'blkid', 'exportfs',
];

/** What a command answered. */
export interface Output {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What the real file system says about one path (stat(2), following symlinks). */
export interface PathFact {
  /** `unmade`: a folder the command was to make (mount's X-mount.mkdir) could not be made. */
  kind: 'dir' | 'file' | 'missing' | 'error' | 'unmade';
  /** strerror(3) text when kind is 'missing' or 'error'. */
  error?: string;
}

/** Facts about the real paths a plan asked to probe, keyed by the path as given. */
export type FsFacts = ReadonlyMap<string, PathFact>;

/** One part of a command that runs against the world in one transaction. */
export interface Step {
  /** The lock held around this step: `V_<vg>` (an LVM VG lock) or `export-lock`; none for readers. */
  lock?: string;
  /** How many items this step works on, for the per-item latency. */
  items: number;
  run(world: World, facts: FsFacts): Output;
}

/** A parsed command, ready to execute. */
export interface CommandPlan {
  kind: CommandKind;
  /** Real paths to stat before the steps run (mount points, export paths). */
  probe: readonly string[];
  /** Real folders the command makes, with their parents, before it looks at them (mount's X-mount.mkdir). */
  makeDirs?: readonly string[];
  steps: readonly Step[];
  /** Set when the command is answered without touching the world (a usage error). */
  early?: Output;
}

/** A plan answered at once, after process start, without work. */
export function planEarlyAnswer(kind: CommandKind, output: Output): CommandPlan {
  return { kind, probe: [], steps: [], early: output };
}

/** An Output. */
export function makeOutput(exitCode: number, stdout = '', stderr = ''): Output {
  return { exitCode, stdout, stderr };
}

/**
 * Several steps' outputs as the one answer of their command: streams concatenated, the worst exit code unless the
 * command combines them otherwise.
 */
export function mergeOutputs(outputs: readonly Output[], combineExitCodes: (codes: number[]) => number = (codes) => Math.max(0, ...codes)): Output {
  return {
    exitCode: combineExitCodes(outputs.map((next) => next.exitCode)),
    stdout: outputs.map((next) => next.stdout).join(''),
    stderr: outputs.map((next) => next.stderr).join(''),
  };
}
