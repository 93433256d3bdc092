// The simulated host's latency per command, from the per-command costs measured on real LVM in the QEMU guest of
// the VM suite (lvm2 2.03.16, TCG; see ../shared/vm-recipe.md and test/vm). Each command is split into process
// start (outside LVM's VG lock) and the part that holds the lock, so that parallel commands in one VG overlap the
// way real ones do: 4 concurrent lvcreate in one VG took 1.7 s against 0.55 s for one, so start ≈ 0.17 s and the
// locked part ≈ 0.38 s; one lvremove of 16 LVs took 1.9 s against 0.38 s for one, so ≈ 0.1 s per extra LV.
import type { CommandKind, Latency } from '../src/sim/index.ts';

export const MEASURED_LATENCY: Record<CommandKind, Latency> = {
  lvs: { startMs: 170, lockedMs: 50 },
  lvcreate: { startMs: 170, lockedMs: 380 },
  lvchange: { startMs: 170, lockedMs: 230 },
  lvremove: { startMs: 170, lockedMs: 110, perItemMs: 100 }, // 1 LV: 0.38 s; 16 LVs: 1.88 s
  mount: { startMs: 30, lockedMs: 50 },
  umount: { startMs: 20, lockedMs: 24, perItemMs: 1 }, // 1 folder: 45 ms; 8 folders in one call: 51 ms
  blkid: { startMs: 10, lockedMs: 10 },
  // exportfs holds the export table's lock while it works; one more client:/path costs little.
  exportfs: { startMs: 20, lockedMs: 15, perItemMs: 5 },
};

/** The model with every duration multiplied by `scale` (the benchmark runs faster than real time). */
export function scaleLatency(scale: number): Record<CommandKind, Latency> {
  const scaled = {} as Record<CommandKind, Latency>;
  for (const [kind, latency] of Object.entries(MEASURED_LATENCY) as [CommandKind, Latency][]) {
    scaled[kind] = {
      startMs: latency.startMs * scale,
      lockedMs: latency.lockedMs * scale,
      ...(latency.perItemMs !== undefined ? { perItemMs: latency.perItemMs * scale } : {}),
    };
  }
  return scaled;
}

/** The part of a command that holds the VG lock, for `items` LVs (the simulator's model: locked + items · per item). */
export function lockedPartOf(latency: Latency, items = 1): number {
  return latency.lockedMs + items * (latency.perItemMs ?? 0);
}

/** How long a command takes alone: process start and the locked part. */
export function durationOf(latency: Latency, items = 1): number {
  return latency.startMs + lockedPartOf(latency, items);
}
