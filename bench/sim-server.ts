// The simulated host in a process of its own, answering commands over IPC, so that the benchmark measures the
// coordinator's CPU and memory alone, as on a real host where lvm and friends are other processes.
import { createSimHost } from '../src/sim/index.ts';
import { populateSite, type SiteSpec } from '../src/sim/sample-site.ts';
import type { CommandRequest } from '../src/host/command.ts';
import type { SnapshotSpec } from '../src/sim/index.ts';
import { scaleLatency } from './latency-model.ts';

export type ServerRequest =
  | { type: 'setup'; site: SiteSpec; latencyScale: number; snapshots: SnapshotSpec[] }
  | { type: 'run'; id: number; request: CommandRequest }
  | { type: 'mountinfo'; id: number }
  | { type: 'ping'; id: number };

const sim = createSimHost({ seed: 1 });

process.on('message', (message: ServerRequest) => {
  void handle(message);
});

async function handle(message: ServerRequest): Promise<void> {
  if (message.type === 'setup') {
    await populateSite(sim.control, message.site);
    for (const snapshot of message.snapshots) sim.control.createSnapshot(snapshot);
    for (const [kind, latency] of Object.entries(scaleLatency(message.latencyScale))) sim.control.setLatency(kind as keyof ReturnType<typeof scaleLatency>, latency);
    process.send!({ type: 'ready' });
  } else if (message.type === 'run') {
    process.send!({ type: 'result', id: message.id, result: await sim.runner.run(message.request) });
  } else if (message.type === 'mountinfo') {
    process.send!({ type: 'result', id: message.id, result: sim.mountinfo() });
  } else {
    process.send!({ type: 'result', id: message.id, result: 'pong' });
  }
}
