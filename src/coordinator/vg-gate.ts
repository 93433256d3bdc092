// A counting semaphore per volume group, in shared memory, so the coordinator and every worker thread agree on how
// many LVM metadata commands run in one VG at once. LVM serializes them on the VG lock anyway
// (/run/lock/lvm/V_<vg>); a few streams still overlap process start and device scanning, while a crowd would
// only queue on the lock holding pool slots that mount, link and export work in other VGs could use.

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

/** Runs `task` while holding one of the VG's slots. */
export async function withVgSlot<T>(gate: VgGateHandle, vg: string, task: () => Promise<T>): Promise<T> {
  const slot = gate.slots[vg];
  if (slot === undefined) return task();
  const counters = new Int32Array(gate.buffer);
  await acquire(counters, slot, gate.limit);
  try {
    return await task();
  } finally {
    Atomics.sub(counters, slot, 1);
    Atomics.notify(counters, slot, 1);
  }
}

async function acquire(counters: Int32Array, slot: number, limit: number): Promise<void> {
  for (;;) {
    const current = Atomics.load(counters, slot);
    if (current < limit) {
      if (Atomics.compareExchange(counters, slot, current, current + 1) === current) return;
      continue;
    }
    const waited = Atomics.waitAsync(counters, slot, current);
    if (waited.async) await waited.value;
  }
}
