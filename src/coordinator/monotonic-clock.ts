// The clock of deadlines within one thread: pipelines' and waits for a VG's LVM slot.

/**
 * Milliseconds on a monotonic clock, for durations and deadlines within this thread. Not performance.now(): its
 * first use loads node's perf_hooks (a dozen modules; 1-3 ms of every run here, more under emulation) for one number.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
