// The simulated host's locks: LVM's per-VG lock and exportfs's lock. In memory an async mutex per name; for a
// world in a folder a kernel lock on `<dir>/lock/<name>` (as lvm locks /run/lock/lvm/V_<vg>), so fake
// executables in other processes and the in-process host exclude each other. Every acquire and release is
// logged, so tests can check what overlapped by the order of events rather than by wall-clock time.

import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fsx from 'fs-native-extensions';
import type { Cancel } from './cancel.ts';

/** One lock acquisition or release. */
export interface LockEvent {
  lock: string;
  event: 'acquire' | 'release';
  /** The command holding the lock, as its argv joined by spaces. */
  holder: string;
  /** Milliseconds since the epoch, fractional (comparable across processes on one machine). */
  atMs: number;
  pid: number;
  /** Order of the event within this process's log (file logs: within the file). */
  seq: number;
}

/** Hands out locks by name. */
export interface LockProvider {
  /** Waits for the lock; undefined if the deadline fired first. The returned function releases it. */
  acquire(name: string, holder: string, cancel: Cancel): Promise<(() => void) | undefined>;
  /** Every lock event so far, in order. */
  events(): LockEvent[];
}

function stamp(): number {
  return performance.timeOrigin + performance.now();
}

interface Waiter {
  grant(): void;
}

/** Locks within one process. */
export function createMemoryLocks(log = true): LockProvider {
  const held = new Set<string>();
  const queues = new Map<string, Waiter[]>();
  const events: LockEvent[] = [];
  const record = (lock: string, event: LockEvent['event'], holder: string): void => {
    if (log) events.push({ lock, event, holder, atMs: stamp(), pid: process.pid, seq: events.length });
  };
  const release = (name: string, holder: string): void => {
    record(name, 'release', holder);
    const next = queues.get(name)?.shift();
    if (next === undefined) held.delete(name);
    else next.grant(); // handed over: the lock stays held
  };
  return {
    async acquire(name, holder, cancel) {
      if (held.has(name)) {
        const granted = await new Promise<boolean>((resolve) => {
          const waiter: Waiter = { grant: () => resolve(true) };
          const queue = queues.get(name) ?? [];
          queues.set(name, queue);
          queue.push(waiter);
          void cancel.promise.then(() => {
            const at = queue.indexOf(waiter);
            if (at !== -1) queue.splice(at, 1);
            resolve(false);
          });
        });
        if (!granted) return undefined;
      }
      held.add(name);
      record(name, 'acquire', holder);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release(name, holder);
      };
    },
    events: () => [...events],
  };
}

/** Kernel locks in `<dir>/lock`, logged to `<dir>/lock-events.jsonl`. */
export function createFileLocks(dir: string): LockProvider {
  const inProcess = createMemoryLocks(false);
  const logFile = join(dir, 'lock-events.jsonl');
  const record = (lock: string, event: LockEvent['event'], holder: string): void => {
    const line: Omit<LockEvent, 'seq'> = { lock, event, holder, atMs: stamp(), pid: process.pid };
    appendFileSync(logFile, `${JSON.stringify(line)}\n`);
  };
  return {
    async acquire(name, holder, cancel) {
      // One waiter per lock file per process: a kernel wait occupies a libuv thread until it is granted.
      const releaseInProcess = await inProcess.acquire(name, holder, cancel);
      if (releaseInProcess === undefined) return undefined;
      mkdirSync(join(dir, 'lock'), { recursive: true });
      const fd = openSync(join(dir, 'lock', name), 'a');
      await fsx.waitForLock(fd);
      record(name, 'acquire', holder);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        record(name, 'release', holder);
        fsx.unlock(fd);
        closeSync(fd);
        releaseInProcess();
      };
    },
    events() {
      if (!existsSync(logFile)) return [];
      return readFileSync(logFile, 'utf8').split('\n').filter(Boolean)
        .map((line, seq) => ({ ...(JSON.parse(line) as Omit<LockEvent, 'seq'>), seq }))
        .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    },
  };
}
