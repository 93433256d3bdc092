// Loads the captured outputs of the real tools (test/fixtures/real-tools, see its README) as test inputs.
import { readFileSync } from 'node:fs';
import type { CommandResult } from '../src/host/command.ts';

const FIXTURES = new URL('./fixtures/real-tools/', import.meta.url);

/** One captured command, `NN-name` without extension, as the CommandResult a runner would have returned. */
export function readRealTool(name: string): CommandResult {
  const read = (extension: string): string => readRealToolFile(`${name}.${extension}`);
  return {
    argv: read('argv').replace(/\n$/, '').split('\n'),
    exitCode: Number(read('rc').trim()),
    stdout: read('stdout'),
    stderr: read('stderr'),
    durationMs: 0,
    timedOut: false,
  };
}

/** A captured file such as `mountinfo.txt`. */
export function readRealToolFile(file: string): string {
  return readFileSync(new URL(file, FIXTURES), 'utf8');
}
