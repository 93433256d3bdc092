import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usesWorkerThreads } from '../src/coordinator/job-pool.ts';
import { parseConfig } from '../src/config/parse-config.ts';

test('runs from worker_threads_from volumes up get worker threads on hosts with cores for two workers', () => {
  assert.equal(usesWorkerThreads(255, 256, 8), false);
  assert.equal(usesWorkerThreads(256, 256, 8), true);
  assert.equal(usesWorkerThreads(256, 256, 3), true);
});

test('on one or two cores a run stays in one thread: a single worker would add a heap, not parallelism', () => {
  assert.equal(usesWorkerThreads(10_000, 256, 2), false);
  assert.equal(usesWorkerThreads(10_000, 256, 1), false);
});

test('worker_threads_from = 0 always uses worker threads, whatever the host', () => {
  assert.equal(usesWorkerThreads(1, 0, 2), true);
  assert.equal(usesWorkerThreads(0, 0, 1), true);
});

test('an explicit pool choice wins over the run size and the cores', () => {
  assert.equal(usesWorkerThreads(10_000, 256, 8, 'in-thread'), false);
  assert.equal(usesWorkerThreads(1, 256, 2, 'threads'), true);
});

test('worker_threads_from is read from [main], and a bad value is refused with its line', () => {
  assert.equal(parseConfig('[main]\nworker_threads_from = 0\n', '/etc/lvmsnapper.conf', () => 'UTC').workerThreadsFrom, 0);
  assert.throws(() => parseConfig('[main]\nworker_threads_from = -1\n', '/etc/lvmsnapper.conf', () => 'UTC'), /worker_threads_from.*line 2|line 2.*worker_threads_from/s);
});
