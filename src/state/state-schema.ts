// The versioned state journal: its shape, and a strict parser that names what is wrong with a bad file.
// Named imports, not the `z` namespace: the namespace carries every locale and API of zod into the bundle (755 KB
// against 193 KB), and the bundle is parsed at every start.
import { array, config, enum as oneOf, literal, number, record, strictObject, string, type infer as Infer } from 'zod';

// zod compiles a schema into generated code on its first parse; a run parses the journal once, and that compile
// (redone in every process: no code cache holds generated code) cost more than it saved: 3.2 against 2.0 ms for the
// first parse of a 16-volume journal here.
config({ jitless: true });

export const STATE_VERSION = 1;

/**
 * `creating`: the intent was written, lvcreate may or may not have run; `live`: the LV exists and is ours;
 * `expiring`: teardown has begun (unexport … lvremove). A crash leaves one of these, and the next run reconciles it
 * with what LVM reports.
 */
export const snapshotPhase = oneOf(['creating', 'live', 'expiring']);
export type SnapshotPhase = Infer<typeof snapshotPhase>;

const isoInstant = string().refine((text) => !Number.isNaN(Date.parse(text)), 'not an ISO 8601 time');

export const stateSnapshotSchema = strictObject({
  volume: string().min(1),
  vg: string().min(1),
  origin: string().min(1),
  name: string().min(1),
  createdAt: isoInstant,
  expiresAt: isoInstant,
  phase: snapshotPhase,
  mountDir: string().startsWith('/'),
  linkPath: string().startsWith('/').optional(),
  /** NFS clients the snapshot is exported to, so an expiry after a config change still unexports them. */
  exportClients: array(string()),
  /**
   * Set on an `expiring` entry whose removal an administrator asked for (`remove`): the next run finishes it even
   * before its expiry. An expiry's own `expiring` entry carries no such waiver.
   */
  removalRequested: literal(true).optional(),
});
export type StateSnapshot = Infer<typeof stateSnapshotSchema>;

export const lastRunSchema = strictObject({
  command: string(),
  startedAt: isoInstant,
  finishedAt: isoInstant,
  /** The instant rules were evaluated at (`--now`, or the clock). */
  now: isoInstant,
  exitCode: number().int(),
  counts: record(string(), number().int()),
  lastSuccessAt: isoInstant.optional(),
});
export type LastRun = Infer<typeof lastRunSchema>;

export const stateSchema = strictObject({
  version: literal(STATE_VERSION),
  lvmTag: string(),
  /** Keyed by `vg/name`. */
  snapshots: record(string(), stateSnapshotSchema),
  lastRun: lastRunSchema.optional(),
});
export type State = Infer<typeof stateSchema>;

/** An empty state for a tag. */
export function emptyState(lvmTag: string): State {
  return { version: STATE_VERSION, lvmTag, snapshots: {} };
}

/** The journal key of a snapshot. */
export function snapshotKey(vg: string, name: string): string {
  return `${vg}/${name}`;
}

/** Parses a state file's text for this lvm_tag: a journal written for another tag describes other snapshots. */
export function parseStateFor(text: string, lvmTag: string): State {
  const state = parseState(text);
  if (state.lvmTag !== lvmTag) throw new Error(`it was written for lvm_tag "${state.lvmTag}", the config says "${lvmTag}"`);
  return state;
}

/** Parses a state file's text; throws an Error naming the first problems when the shape or version is unknown. */
export function parseState(text: string): State {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== STATE_VERSION) {
    throw new Error(`unknown state version ${JSON.stringify(version)} (this lvmsnapper reads version ${STATE_VERSION})`);
  }
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`unexpected shape: ${problems.join('; ')}`);
  }
  return parsed.data;
}
