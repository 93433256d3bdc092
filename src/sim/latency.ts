// Modelled command durations: process start, then the work (held under the step's lock), plus a cost per item,
// so one lvremove of N LVs costs lockedMs + N·perItemMs while N calls cost N·(startMs + lockedMs + perItemMs).
// Pure.

import type { CommandKind } from './command-types.ts';
import type { Latency, World } from './world.ts';

/** A latency with every part spelt out. */
export type FullLatency = Required<Latency>;

const NO_LATENCY: FullLatency = { startMs: 0, lockedMs: 0, perItemMs: 0 };

/** The latency configured for a kind of command; zero unless set. */
export function getLatency(world: World, kind: CommandKind): FullLatency {
  return { ...NO_LATENCY, ...world.latency[kind] };
}

/** How long a step of `items` items works once it holds its lock. */
export function computeStepDelayMs(latency: FullLatency, items: number): number {
  return latency.lockedMs + items * latency.perItemMs;
}

/** Checks a latency before it goes into the world. */
export function validateLatency(kind: CommandKind, latency: Latency): Latency {
  for (const [part, value] of Object.entries(latency)) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new Error(`latency ${kind}.${part} must be a number of milliseconds from 0, got ${String(value)}`);
    }
  }
  return { ...latency };
}
