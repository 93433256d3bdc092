// A counting semaphore per volume group, in shared memory, so the coordinator and every worker thread agree on how
// many LVM metadata commands run in one VG at once. LVM serializes them on the VG lock anyway
// (/run/lock/lvm/V_<vg>); a few streams still overlap process start and device scanning, while a crowd would
// only queue on the lock holding pool slots that mount, link and export work in other VGs could use.
import { monotonicMs } from './monotonic-clock.ts';

/** Plain data: crosses the worker boundary (the buffer is shared, not copied). */
export interface VgGateHandle {
  buffer: SharedArrayBuffer;
  /** Slot of each VG in the buffer. */
  slots: Record<string, number>;
  limit: number;
}

/** Makes a gate for these VGs with `limit` concurrent LVM commands in each. */
export function createVgGate(vgs: readonly string[], limit: number): VgGateHandle {
  const unique = [...new Set(vgs)];
  const slots: Record<string, number> = {};
  unique.forEach((vg, slot) => { slots[vg] = slot; });
  return { buffer: new SharedArrayBuffer(Math.max(1, unique.length) * Int32Array.BYTES_PER_ELEMENT), slots, limit };
}

/**
 * Runs `task` while holding one of the VG's slots; gives up, without running it, when no slot has come free by
 * `deadline` (monotonicMs()). A worker thread that died holding slots never gives them back: an endless wait would
 * hang the run, and with it the lock every later cron run needs.
 */
export async function withVgSlot<T>(gate: VgGateHandle, vg: string, task: () => Promise<T>, deadline: number): Promise<T | typeof NO_SLOT> {
  const slot = gate.slots[vg];
  if (slot === undefined) return task();
  const counters = new Int32Array(gate.buffer);
  if (!(await acquire(counters, slot, gate.limit, deadline))) return NO_SLOT;
  try {
    return await task();
  } finally {
    Atomics.sub(counters, slot, 1);
    Atomics.notify(counters, slot, 1);
  }
}

/** What withVgSlot gives back when no slot came free in time. */
export const NO_SLOT = Symbol('no LVM slot of the VG came free in time');

// setTimeout's longest delay; a longer wait (no deadline) is held by whatever the slot's holder waits for.
const MAX_TIMER_MS = 2 ** 31 - 1;
const WAIT_END_MARGIN_MS = 1000;

async function acquire(counters: Int32Array, slot: number, limit: number, deadline: number): Promise<boolean> {
  for (;;) {
    const current = Atomics.load(counters, slot);
    if (current < limit) {
      if (Atomics.compareExchange(counters, slot, current, current + 1) === current) return true;
      continue;
    }
    const leftMs = deadline - monotonicMs();
    if (leftMs <= 0) return false;
    const waited = Atomics.waitAsync(counters, slot, current, leftMs);
    if (!waited.async) continue;
    // Node's event loop does not wait for Atomics.waitAsync: with nothing else pending (the coordinator's last
    // lvremove) the process would end in the middle of the wait. A timer holds it, a little longer than the wait:
    // V8 ends a wait that timed out in a task of its own, which would come after the loop had already ended.
    const keepAlive = setTimeout(() => {}, Math.min(leftMs + WAIT_END_MARGIN_MS, MAX_TIMER_MS));
    try {
      await waited.value;
    } finally {
      clearTimeout(keepAlive);
    }
  }
}
