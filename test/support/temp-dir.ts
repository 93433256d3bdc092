// Temporary folders for tests, removed once the tests of the file that made them are done: a run of the suite makes
// 87 of them, and a developer's machine runs it many times a day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const made: string[] = [];

after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder `lvmsnapper-<purpose>-XXXXXX` under the system's temp folder. */
export function makeTempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lvmsnapper-${purpose}-`));
  made.push(dir);
  return dir;
}
