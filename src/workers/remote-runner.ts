// A CommandRunner that asks another thread to run the command: how workers reach the in-process simulated host,
// whose world lives in the coordinator's thread. Only the request and the result cross, as plain data.
import type { MessagePort } from 'node:worker_threads';
import type { CommandRequest, CommandResult, CommandRunner } from '../host/command.ts';

interface RemoteRequest { id: number; request: CommandRequest }
interface RemoteResponse { id: number; result: CommandResult }

/** The worker side: sends requests over the port. */
export function createRemoteRunner(port: MessagePort): CommandRunner {
  let nextId = 0;
  const pending = new Map<number, (result: CommandResult) => void>();
  port.on('message', (message: RemoteResponse) => {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    run(request) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        port.postMessage({ id, request: { argv: [...request.argv], timeoutMs: request.timeoutMs } } satisfies RemoteRequest);
      });
    },
  };
}

/** The coordinator side: answers every request on the port with `runner`. */
export function serveCommands(port: MessagePort, runner: CommandRunner): void {
  port.on('message', (message: RemoteRequest) => {
    void runner.run(message.request).then((result) => port.postMessage({ id: message.id, result } satisfies RemoteResponse));
  });
}
