// A CommandRunner that sends each command over a Unix socket to a host living in another process (the simulated
// host of the benchmark, src/sim/socket-server.ts): every thread that runs commands holds its own connection, as
// on a real host every thread starts its own processes. One JSON document a line each way, answers matched by id.
import { createConnection, type Socket } from 'node:net';
import type { CommandRequest, CommandResult, CommandRunner } from './command.ts';
import { createLineSplitter } from './line-splitter.ts';

type SocketQuestion = { type: 'run'; request: CommandRequest } | { type: 'mountinfo' };
/** One line from client to server. */
export type SocketRequest = SocketQuestion & { id: number };
/** One line from server to client. */
export type SocketResponse = { id: number; result: CommandResult } | { id: number; mountinfo: string } | { id: number; error: string };

export interface SocketHostClient extends CommandRunner {
  readMountinfo(): Promise<string>;
}

/** Connects to the host served at `path`; the connection keeps the process alive only while answers are due. */
export function connectSocketHost(path: string): SocketHostClient {
  let socket: Socket | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (response: SocketResponse) => void; reject: (error: Error) => void }>();

  const connection = (): Socket => {
    if (socket !== undefined) return socket;
    const opened = createConnection(path);
    opened.setEncoding('utf8');
    opened.on('data', createLineSplitter((line) => {
      const response = JSON.parse(line) as SocketResponse;
      pending.get(response.id)?.resolve(response);
      pending.delete(response.id);
      if (pending.size === 0) opened.unref();
    }));
    // A connection that fails, or that the host closes, answers nothing more: whatever still waits fails.
    let failure = 'the connection was closed';
    opened.on('error', (error) => { failure = error.message; });
    opened.on('close', () => {
      for (const waiter of pending.values()) waiter.reject(new Error(`simulated host at ${path}: ${failure}`));
      pending.clear();
      socket = undefined;
    });
    socket = opened;
    return opened;
  };

  const ask = (request: SocketQuestion): Promise<SocketResponse> => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const open = connection();
    open.ref();
    open.write(`${JSON.stringify({ ...request, id })}\n`);
  });

  const answer = <T>(response: SocketResponse, pick: (response: SocketResponse) => T | undefined): T => {
    if ('error' in response) throw new Error(response.error);
    const value = pick(response);
    if (value === undefined) throw new Error(`unexpected answer from the simulated host at ${path}`);
    return value;
  };

  return {
    run: async (request) => answer(await ask({ type: 'run', request: { argv: [...request.argv], timeoutMs: request.timeoutMs } }), (response) => ('result' in response ? response.result : undefined)),
    readMountinfo: async () => answer(await ask({ type: 'mountinfo' }), (response) => ('mountinfo' in response ? response.mountinfo : undefined)),
  };
}
