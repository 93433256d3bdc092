import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandRequest, CommandResult, CommandRunner } from '../src/host/command.ts';
import { withBatchedUnexports } from '../src/nfs/unexport-batcher.ts';

/** A runner whose exportfs -u takes a while and cannot find `missing`. */
function slowExportfs(calls: string[][], missing = new Set<string>()): CommandRunner {
  return {
    async run(request: CommandRequest): Promise<CommandResult> {
      calls.push([...request.argv]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const notFound = request.argv.slice(2).filter((target) => missing.has(target));
      return {
        argv: request.argv, exitCode: notFound.length > 0 ? 1 : 0, stdout: '', durationMs: 20, timedOut: false,
        stderr: notFound.map((target) => `exportfs: Could not find '${target}' to unexport.\n`).join(''),
      };
    },
  };
}

test('unexports asked for in one turn go in one call, those asked for while it runs together in the next', async () => {
  const calls: string[][] = [];
  const runner = withBatchedUnexports(slowExportfs(calls));
  const unexport = (name: string) => runner.run({ argv: ['exportfs', '-u', `10.0.0.1:/s/${name}`], timeoutMs: 1000 });
  const together = ['a', 'b'].map(unexport);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(calls, [['exportfs', '-u', '10.0.0.1:/s/a', '10.0.0.1:/s/b']]);
  const results = await Promise.all([...together, ...['c', 'd', 'e'].map(unexport)]);
  assert.deepEqual(calls, [
    ['exportfs', '-u', '10.0.0.1:/s/a', '10.0.0.1:/s/b'],
    ['exportfs', '-u', '10.0.0.1:/s/c', '10.0.0.1:/s/d', '10.0.0.1:/s/e'],
  ]);
  assert.ok(results.every((result) => result.exitCode === 0));
  assert.deepEqual(results[3]!.argv, calls[1], 'each report shows the command that really ran');
});

test("each caller gets only its own 'Could not find' lines; others see success", async () => {
  const calls: string[][] = [];
  const runner = withBatchedUnexports(slowExportfs(calls, new Set(['h:/s/c'])));
  const [first, second, third] = await Promise.all([
    runner.run({ argv: ['exportfs', '-u', 'h:/s/a'], timeoutMs: 0 }),
    runner.run({ argv: ['exportfs', '-u', 'h:/s/b'], timeoutMs: 0 }),
    runner.run({ argv: ['exportfs', '-u', 'h:/s/c', 'k:/s/c'], timeoutMs: 0 }),
  ]);
  assert.equal(first!.exitCode, 0);
  assert.equal(second!.exitCode, 0);
  assert.equal(second!.stderr, '');
  assert.equal(third!.exitCode, 1);
  assert.equal(third!.stderr, "exportfs: Could not find 'h:/s/c' to unexport.\n");
});

test('other commands pass straight through', async () => {
  const calls: string[][] = [];
  const runner = withBatchedUnexports(slowExportfs(calls));
  await Promise.all([runner.run({ argv: ['exportfs', '-o', 'ro', 'h:/x'], timeoutMs: 0 }), runner.run({ argv: ['exportfs', '-o', 'ro', 'h:/y'], timeoutMs: 0 })]);
  assert.equal(calls.length, 2);
});

test('a merged call whose every target failed gives each caller exactly its own line, a quote in a path included', async () => {
  const calls: string[][] = [];
  const targets = Array.from({ length: 300 }, (_, index) => `h:/s/it's-${index}`);
  const runner = withBatchedUnexports(slowExportfs(calls, new Set(targets)));
  const results = await Promise.all(targets.map((target) => runner.run({ argv: ['exportfs', '-u', target], timeoutMs: 0 })));
  assert.equal(calls.length, 1, 'all 300 in one call');
  results.forEach((result, index) => {
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, `exportfs: Could not find '${targets[index]}' to unexport.\n`);
  });
});
