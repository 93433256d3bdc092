// Reading and writing the state journal: atomic (temp file, fsync, rename, fsync of the folder), mode 0600, and a
// corrupt file kept aside under a new name rather than dropped.
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { HostError } from '../errors.ts';
import { ensureDir } from '../host/paths.ts';
import { emptyState, parseStateFor, type State } from './state-schema.ts';

export interface LoadedState {
  state: State;
  /** Set when the file was unusable: where it was moved and why. The state was then rebuilt from LVM tags. */
  setAside?: { path: string; reason: string };
  /** True when no state file existed yet. */
  fresh: boolean;
}

/** Loads the state; a missing file is a fresh state, a corrupt one is renamed `<file>.corrupt-<time>`. */
export async function loadState(path: string, lvmTag: string, now: Date): Promise<LoadedState> {
  const text = await readStateText(path);
  if (text === undefined) return { state: emptyState(lvmTag), fresh: true };
  try {
    return { state: parseStateFor(text, lvmTag), fresh: false };
  } catch (error) {
    const asidePath = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '')}`;
    await rename(path, asidePath);
    return { state: emptyState(lvmTag), fresh: false, setAside: { path: asidePath, reason: (error as Error).message } };
  }
}

/**
 * Reads the state for a command that changes nothing (plan, list, status): a corrupt file is left where it is and
 * the state is taken from LVM tags alone, with a notice saying so.
 */
export async function readStateForInspection(path: string, lvmTag: string): Promise<{ state: State; notices: string[] }> {
  let text: string | undefined;
  try {
    text = await readStateText(path);
  } catch (error) {
    return { state: emptyState(lvmTag), notices: [`${(error as Error).message}; a run stops before changing anything until it can be read`] };
  }
  try {
    return { state: text === undefined ? emptyState(lvmTag) : parseStateFor(text, lvmTag), notices: [] };
  } catch (error) {
    return { state: emptyState(lvmTag), notices: [`the state file ${path} is unusable (${(error as Error).message}); the next run keeps it aside and rebuilds it from LVM tags`] };
  }
}

/** The state file's text, or undefined when there is none yet. */
async function readStateText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HostError(`statefile ${path} cannot be read: ${(error as Error).message}`);
  }
}

/** Writes the state atomically and durably. */
export async function saveState(path: string, state: State): Promise<void> {
  const folder = dirname(path);
  await ensureDir(folder, 0o700);
  await writeFileAtomic(path, `${JSON.stringify(state, null, 1)}\n`, { mode: 0o600, fsync: true });
  // write-file-atomic fsyncs the file before the rename; the rename itself is durable only once the folder is synced.
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
