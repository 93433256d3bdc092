// Serves a simulated host on a Unix socket (src/host/socket-runner.ts is the client): how the benchmark runs the
// simulator in a process of its own, so that lvmsnapper's process holds only lvmsnapper's work, and its worker
// threads reach the host by themselves as they would start processes on a real host.
import { createServer, type Server } from 'node:net';
import { createLineSplitter } from '../host/line-splitter.ts';
import type { SocketRequest, SocketResponse } from '../host/socket-runner.ts';
import type { SimHost } from './sim-host.ts';

/** Listens at `path` until the returned server is closed. */
export function serveSimHost(sim: SimHost, path: string): Promise<Server> {
  const server = createServer((connection) => {
    // The listening socket keeps the process alive, not its clients: closing the server is enough to let it end.
    connection.unref();
    connection.setEncoding('utf8');
    const reply = (response: SocketResponse) => connection.write(`${JSON.stringify(response)}\n`);
    const handle = async (request: SocketRequest): Promise<void> => {
      try {
        if (request.type === 'run') reply({ id: request.id, result: await sim.runner.run(request.request) });
        else reply({ id: request.id, mountinfo: sim.mountinfo() });
      } catch (error) {
        reply({ id: request.id, error: (error as Error).message });
      }
    };
    connection.on('data', createLineSplitter((line) => { void handle(JSON.parse(line) as SocketRequest); }));
    // A client that goes away (its run ended) is not the server's problem.
    connection.on('error', () => connection.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}
