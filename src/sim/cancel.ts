// A command's deadline: fires once, wakes whatever waits on it (latency sleeps, lock waits, hangs).

/** A one-shot cancellation signal. */
export interface Cancel {
  readonly fired: boolean;
  /** Resolves when the signal fires; never, if it never does. */
  readonly promise: Promise<void>;
  fire(): void;
}

/** A signal that fires after `timeoutMs` (never when 0), or when fire() is called. */
export function createCancel(timeoutMs: number): Cancel & { dispose(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => { resolve = done; });
  const state = { fired: false };
  const fire = (): void => {
    if (state.fired) return;
    state.fired = true;
    resolve();
  };
  const timer = timeoutMs > 0 ? setTimeout(fire, timeoutMs) : undefined;
  return {
    get fired() { return state.fired; },
    promise,
    fire,
    dispose: () => clearTimeout(timer),
  };
}

/** Waits `ms`, or less if the signal fires first. No timer at all for 0 (tests run with zero latency). */
export async function sleep(ms: number, cancel: Cancel): Promise<void> {
  if (ms <= 0 || cancel.fired) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise<void>((done) => { timer = setTimeout(done, ms); }), cancel.promise]);
  clearTimeout(timer);
}
