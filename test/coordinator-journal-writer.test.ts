import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { JOURNAL_COALESCE_MS, JournalWriter } from '../src/coordinator/journal-writer.ts';
import { emptyState, type State } from '../src/state/state-schema.ts';

/** A JournalWriter whose writes are recorded (a copy of the state at each) instead of going to a file. */
function recordingWriter(fail?: () => Error | undefined): { writer: JournalWriter; writes: State[] } {
  const writes: State[] = [];
  const writer = new JournalWriter('/nowhere/state.json', emptyState('snapper'), async (_path, state) => {
    writes.push(structuredClone(state));
    const error = fail?.();
    if (error !== undefined) throw error;
  });
  return { writer, writes };
}

/** Moves the clock on, and lets a write its timer started run to its end. */
async function advance(ms: number): Promise<void> {
  mock.timers.tick(ms);
  for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
}

test('results that stream in are written once, JOURNAL_COALESCE_MS after the first of them', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { writer, writes } = recordingWriter();
  for (let result = 0; result < 100; result += 1) writer.touch();
  await advance(JOURNAL_COALESCE_MS - 1);
  assert.equal(writes.length, 0, 'nothing is written before the interval is over');
  await advance(1);
  assert.equal(writes.length, 1, 'one write for all of them');
  writer.touch();
  await advance(JOURNAL_COALESCE_MS);
  assert.equal(writes.length, 2, 'a result after that write asks for the next one');
});

test('flush writes at once what was added last, in place of a pending write', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { writer, writes } = recordingWriter();
  await writer.flush();
  assert.equal(writes.length, 1, 'intents are written before acting');
  writer.touch();
  writer.state.lastRun = {
    command: 'run', startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:00:05.000Z', now: '2026-12-01T10:00:00.000Z',
    exitCode: 0, counts: { ok: 1 },
  };
  await writer.flush();
  assert.equal(writes.length, 2);
  assert.equal(writes[1]!.lastRun?.finishedAt, '2026-12-01T10:00:05.000Z');
  await advance(JOURNAL_COALESCE_MS);
  assert.equal(writes.length, 2, 'the last write took the place of the pending one');
});

test('a failed coalesced write is made up for by the last one, whose own failure is reported', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  let failing = true;
  const { writer, writes } = recordingWriter(() => (failing ? new Error('No space left on device') : undefined));
  writer.touch();
  await advance(JOURNAL_COALESCE_MS);
  assert.equal(writes.length, 1);
  failing = false;
  await writer.flush();
  assert.equal(writes.length, 2, 'the last write is made after a failed one');
  failing = true;
  await assert.rejects(writer.flush(), /No space left on device/);
});

test('a write that is only asked for does not keep the process alive', () => {
  const writerModule = new URL('../src/coordinator/journal-writer.ts', import.meta.url).href;
  const script = `import { JournalWriter } from ${JSON.stringify(writerModule)};
    new JournalWriter('/nowhere/state.json', { version: 1, lvmTag: 'snapper', snapshots: {} }, async () => { process.stdout.write('written'); }).touch();`;
  // Without unref the child would wait JOURNAL_COALESCE_MS for the write, past this timeout.
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: JOURNAL_COALESCE_MS / 2 });
  assert.equal(output, '', 'the process ended without the write');
});
