// Injected faults: the nth call of a command kind (optionally only calls whose argv contains some text) fails
// with a given exit code and stderr, or hangs until its deadline. Calls are counted in the world, so they are
// counted across processes when the world lives in a folder. Pure.

import type { CommandKind, Output } from './command-types.ts';
import type { FaultEffect, FaultRecord, FaultSpec, World } from './world.ts';
import { makeOutput } from './command-types.ts';
import { touch } from './world.ts';

/** Adds a fault to the world; throws on a spec that could never fire. */
export function addFault(world: World, spec: FaultSpec): void {
  const nth = spec.nth ?? 1;
  const times = spec.times ?? 1;
  if (!Number.isInteger(nth) || nth < 1) throw new Error(`fault nth must be a whole number from 1, got ${nth}`);
  if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a whole number from 1, got ${times}`);
  world.faults.push({ ...structuredClone(spec), nth, times, seen: 0 });
  touch(world);
}

/**
 * Counts this call against every fault of its kind it matches and returns the one that fires, if any (the first
 * added wins when several do).
 */
export function claimFault(world: World, kind: CommandKind, argv: readonly string[]): FaultRecord | undefined {
  const text = argv.join(' ');
  let fired: FaultRecord | undefined;
  for (const fault of world.faults) {
    if (fault.kind !== kind || (fault.argvIncludes !== undefined && !text.includes(fault.argvIncludes))) continue;
    fault.seen += 1;
    touch(world);
    const nth = fault.nth ?? 1;
    if (fired === undefined && fault.seen >= nth && fault.seen < nth + (fault.times ?? 1)) fired = fault;
  }
  return fired;
}

/** What a failing fault answers. */
export function answerFault(effect: Extract<FaultEffect, { type: 'fail' }>): Output {
  return makeOutput(effect.exitCode, effect.stdout ?? '', effect.stderr);
}
