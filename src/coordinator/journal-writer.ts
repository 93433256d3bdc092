// Writes the journal as a run goes: at once for intents, then coalesced while results stream in, and once more at
// the end. A write costs in proportion to the journal (5,000 volumes with 8 snapshots each: 16 MB and some 90 ms of
// CPU), so a write every few seconds would make a long run's journal cost grow with its length times its size; a
// crash in between is settled by the next run from LVM's tags, so results may wait half a minute.
import { saveState } from '../state/state-store.ts';
import type { State } from '../state/state-schema.ts';

export const JOURNAL_COALESCE_MS = 30_000;

export type SaveState = (path: string, state: State) => Promise<void>;

export class JournalWriter {
  private timer: NodeJS.Timeout | undefined;
  // The write in progress, or the last one; a write waits for the one before it, whatever became of it.
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string, readonly state: State, private readonly save: SaveState = saveState) {}

  /** Writes now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const write = this.writing.catch(() => {}).then(() => this.save(this.path, this.state));
    this.writing = write;
    await write;
  }

  /** Asks for a write within JOURNAL_COALESCE_MS. */
  touch(): void {
    if (this.timer !== undefined) return;
    // A failed write here is not the run's failure: every write carries the whole state, so the next one, at the
    // latest the run's last one, makes up for it, and that one's failure is reported.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => {});
    }, JOURNAL_COALESCE_MS);
    // A run always ends with a write of its own; one that fails on the way out must not wait for this one.
    this.timer.unref();
  }
}
