// Writes the journal as a run goes: at once for intents, then coalesced while results stream in (a write per
// result would cost thousands of fsyncs on a large host; a crash in between is settled by the next run from LVM's
// tags), and once more at the end.
import { saveState } from '../state/state-store.ts';
import type { State } from '../state/state-schema.ts';

const COALESCE_MS = 5000;

export class JournalWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(private readonly path: string, readonly state: State) {}

  /** Writes now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => saveState(this.path, this.state));
    await this.writing;
  }

  /** Asks for a write soon. */
  touch(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: Error) => { this.failure = error; });
    }, COALESCE_MS);
  }

  /** The last write, surfacing any failure of a coalesced one. */
  async close(): Promise<void> {
    await this.flush();
    if (this.failure !== undefined) throw this.failure;
  }
}
