// The simulated host in a process of its own, answering commands on a Unix socket, so that the benchmark measures
// the coordinator's CPU and memory alone, as on a real host where lvm and friends are other processes.
import { createSimHost, type SimHost } from '../src/sim/index.ts';
import { populateSite, type SiteSpec } from '../src/sim/sample-site.ts';
import { serveSimHost } from '../src/sim/socket-server.ts';
import { scaleLatency } from './latency-model.ts';

export type ServerRequest =
  | { type: 'setup'; site: SiteSpec; latencyScale: number; socketPath: string }
  /** The commands served, and the connections opened, since the last `takeLog`. */
  | { type: 'takeLog' }
  | { type: 'latency'; latencyScale: number }
  /** The host restarts: see simulateReboot. */
  | { type: 'reboot' };

/** A command the server ran, with the time its latency model gave it. */
export interface ServedCommand { argv: readonly string[]; durationMs: number }

const sim = createSimHost({ seed: 1 });
let served: ServedCommand[] = [];
let connections = 0;
const loggingSim: SimHost = {
  ...sim,
  runner: {
    async run(request) {
      const result = await sim.runner.run(request);
      served.push({ argv: request.argv, durationMs: result.durationMs });
      return result;
    },
  },
};

function setLatencyScale(scale: number): void {
  for (const [kind, latency] of Object.entries(scaleLatency(scale))) sim.control.setLatency(kind as keyof ReturnType<typeof scaleLatency>, latency);
}

process.on('message', async (message: ServerRequest) => {
  switch (message.type) {
    case 'takeLog':
      process.send!({ type: 'log', log: served, connections });
      served = [];
      connections = 0;
      return;
    case 'latency':
      setLatencyScale(message.latencyScale);
      break;
    case 'reboot':
      sim.control.simulateReboot();
      break;
    case 'setup':
      // Set up the world, then serve it on the socket; lvmsnapper's process (main thread and workers) connects there.
      await populateSite(sim.control, message.site);
      setLatencyScale(message.latencyScale);
      // Each thread of lvmsnapper's process that runs commands opens its own connection.
      (await serveSimHost(loggingSim, message.socketPath)).on('connection', () => { connections += 1; });
      break;
  }
  process.send!({ type: 'done' });
});
