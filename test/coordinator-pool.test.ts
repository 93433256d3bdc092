import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usesWorkerThreads } from '../src/coordinator/job-pool.ts';
import { parseConfig } from '../src/config/parse-config.ts';

test('runs from worker_threads_from volumes up get worker threads; smaller ones stay in one thread', () => {
  assert.equal(usesWorkerThreads(255, 256), false);
  assert.equal(usesWorkerThreads(256, 256), true);
  assert.equal(usesWorkerThreads(1, 0), true);
  assert.equal(usesWorkerThreads(0, 0), true);
});

test('an explicit pool choice wins over the run size', () => {
  assert.equal(usesWorkerThreads(10_000, 256, 'in-thread'), false);
  assert.equal(usesWorkerThreads(1, 256, 'threads'), true);
});

test('worker_threads_from is read from [main], and a bad value is refused with its line', () => {
  assert.equal(parseConfig('[main]\nworker_threads_from = 0\n', '/etc/lvmsnapper.conf', 'UTC').workerThreadsFrom, 0);
  assert.throws(() => parseConfig('[main]\nworker_threads_from = -1\n', '/etc/lvmsnapper.conf', 'UTC'), /worker_threads_from.*line 2|line 2.*worker_threads_from/s);
});
