// The in-process simulated host seen as the coordinator's Host: worker threads reach its world (which lives in
// this thread) through the remote runner.
import type { Host } from '../host/host.ts';
import type { SimHost } from './sim-host.ts';

/** The Host view of an in-process simulated host. */
export function asHost(sim: SimHost): Host {
  return { runner: sim.runner, readMountinfo: async () => sim.mountinfo(), workerHost: { kind: 'remote' } };
}
