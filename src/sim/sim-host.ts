// The simulated host in process: a CommandRunner that interprets the real tools' argv against a world, the
// world's mount table, and its control panel. The world lives in memory (fast: scale tests, benchmarks) or in a
// folder, where the fake executables of installFakeBinaries() drive the same world from other processes.

import { randomInt } from 'node:crypto';
import type { CommandRunner } from '../host/command.ts';
import type { CommandKind } from './command-types.ts';
import type { SimControl } from './control.ts';
import type { LockProvider } from './locks.ts';
import type { WorldStore } from './world-store.ts';
import type { Latency } from './world.ts';
import { createControl } from './control.ts';
import { executeCommand } from './executor.ts';
import { probePaths } from './fs-probe.ts';
import { createFileLocks, createMemoryLocks } from './locks.ts';
import { renderMountinfo } from './mountinfo.ts';
import { createMemoryStore, hasWorld, openFolderStore } from './world-store.ts';
import { createWorld } from './world.ts';

/** How to set a simulated host up. */
export interface SimHostOptions {
  /** Seed of the uuid sequence; a random one when not given. Ignored when `dir` already holds a world. */
  seed?: number;
  /** Keep the world in this folder (world.json, mountinfo, lock/), loading the world already there, if any. */
  dir?: string;
  /** Latency per command kind; replaces what a loaded world had for these kinds. */
  latency?: Partial<Record<CommandKind, Latency>>;
}

/** An in-process simulated host. */
export interface SimHost {
  runner: CommandRunner;
  /** The mount table in /proc/self/mountinfo format. */
  mountinfo(): string;
  control: SimControl;
  /** The world's folder, or null in memory. */
  dir: string | null;
}

/** Creates a simulated host. */
export function createSimHost(options: SimHostOptions = {}): SimHost {
  const seed = options.seed ?? randomInt(2 ** 32);
  let store: WorldStore;
  let locks: LockProvider;
  if (options.dir === undefined) {
    store = createMemoryStore(createWorld(seed));
    locks = createMemoryLocks();
  } else {
    store = openFolderStore(options.dir, hasWorld(options.dir) ? undefined : createWorld(seed));
    locks = createFileLocks(options.dir);
  }
  const control = createControl(store, locks);
  for (const [kind, latency] of Object.entries(options.latency ?? {})) control.setLatency(kind as CommandKind, latency);
  return {
    runner: { run: (request) => executeCommand(request, { store, locks, probe: probePaths }) },
    mountinfo: () => store.transact(renderMountinfo),
    control,
    dir: options.dir ?? null,
  };
}
