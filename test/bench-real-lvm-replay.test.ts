import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replayScript } from '../bench/real-lvm-replay.ts';
import { shellQuote } from '../src/sim/shell-quote.ts';
import type { ActionReport, RunReport, StepReport, VolumeReport } from '../src/report/types.ts';
import { makeTempDir } from './support/temp-dir.ts';

const ok = (step: StepReport['step'], extra: Partial<StepReport> = {}): StepReport => ({ step, status: 'ok', durationMs: 1, ...extra });

function createdVolume(root: string, name: string, vg: string, link: boolean): VolumeReport {
  const mountDir = `${root}/snapshots/${name}/@GMT-2026.12.01-00.00.00`;
  const linkPath = `${root}/srv/${name}/.snapshots/@GMT-2026.12.01-00.00.00`;
  const steps = [
    ok('lvcreate', { command: ['lvm', 'lvcreate', '-s', '-n', `${name}-20261201000000`, `${vg}/${name}`, '--addtag', "it's"] }),
    ok('mkdir', { detail: mountDir }),
    ok('mount', { command: ['mount', '-o', 'ro', `/dev/${vg}/${name}-20261201000000`, mountDir] }),
    ...(link ? [ok('link', { detail: `${linkPath} → ${mountDir}` })] : []),
    ok('export', { command: ['exportfs', '-o', 'ro', `127.0.0.1:${mountDir}`] }),
  ];
  const keep: ActionReport = { kind: 'keep', status: 'ok', reason: 'live', steps: [] };
  return { volume: name, vg, status: 'ok', durationMs: 1, actions: [keep, { kind: 'create', status: 'ok', reason: 'rules match', steps }] };
}

const reportOf = (volumes: VolumeReport[]) => ({ startedAt: '2026-12-01T00:00:00.000Z', volumes }) as RunReport;

test('a replayed create runs each volume\'s commands in order, LVM ones under a lane of their VG, folders and links apart', () => {
  const root = makeTempDir('replay');
  const bin = join(root, 'bin');
  const log = join(root, 'commands.log');
  execFileSync('mkdir', ['-p', bin]);
  // Each stub records its argv, one command a line.
  for (const command of ['lvm', 'mount', 'exportfs']) {
    writeFileSync(join(bin, command), `#!/bin/bash\necho "${command} $* ($LC_ALL $LVM_SUPPRESS_FD_WARNINGS)" >>${shellQuote(log)}\n`);
    chmodSync(join(bin, command), 0o755);
  }
  const volumes = ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => createdVolume(root, name, 'vgA', name !== 'a5'));
  const script = join(root, 'replay.sh');
  writeFileSync(script, replayScript(reportOf([...volumes, createdVolume(root, 'b1', 'vgB', true)]), join(root, 'locks'), 4));
  const run = (part: string) => execFileSync('bash', [script, part], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });

  run('prepare');
  assert.ok(existsSync(`${root}/snapshots/a1/@GMT-2026.12.01-00.00.00`) && existsSync(`${root}/srv/a1/.snapshots`));
  assert.equal(existsSync(log), false, 'no command before the timed part');
  run('commands');
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 20);
  // The inventory first, both at once, with the run's environment.
  assert.deepEqual(lines.slice(0, 2).map((line) => line.split(' ').slice(0, 2).join(' ')).sort(), ['exportfs -v', 'lvm lvs']);
  assert.match(lines.find((line) => line.startsWith('lvm lvs'))!, / vgA vgB \(C 1\)$/);
  for (const name of ['a1', 'a5', 'b1']) {
    const own = lines.filter((line) => line.includes(`/${name}`));
    assert.deepEqual(own.map((line) => line.split(' ')[0]), ['lvm', 'mount', 'exportfs'], name);
    // The quote inside an argument reaches the command as it was.
    assert.match(own[0]!, / --addtag it's \(C 1\)$/);
  }
  assert.equal(existsSync(`${root}/srv/a1/.snapshots/@GMT-2026.12.01-00.00.00`), false, 'links come after the timed part');
  run('links');
  assert.equal(readlinkSync(`${root}/srv/a1/.snapshots/@GMT-2026.12.01-00.00.00`), `${root}/snapshots/a1/@GMT-2026.12.01-00.00.00`);

  const text = readFileSync(script, 'utf8');
  // Four lanes for vgA's five lvcreates (the fifth shares the first's), one for vgB's.
  for (const lane of ['vgA.0', 'vgA.1', 'vgA.2', 'vgA.3', 'vgB.0']) assert.ok(text.includes(`flock '${root}/locks/${lane}' 'lvm'`), lane);
  assert.equal(text.match(/flock '[^']*vgA\.0'/g)?.length, 2);
  assert.equal(text.includes('vgA.4'), false);
});

test('only a create run that succeeded can be replayed, and the reason names the volume and step', () => {
  const root = '/srv';
  const failed = createdVolume(root, 'a1', 'vgA', true);
  failed.actions[1]!.steps[2] = { ...failed.actions[1]!.steps[2]!, status: 'failed', error: 'mount: wrong fs type' };
  assert.throws(() => replayScript(reportOf([failed]), '/run/locks'), /a1: its mount step is failed/);
  const expiring = createdVolume(root, 'a2', 'vgA', true);
  expiring.actions[1] = { ...expiring.actions[1]!, kind: 'expire' };
  assert.throws(() => replayScript(reportOf([expiring]), '/run/locks'), /a2: its expire action has steps/);
  const badLink = createdVolume(root, 'a3', 'vgA', true);
  badLink.actions[1]!.steps[3] = ok('link', { detail: 'somewhere' });
  assert.throws(() => replayScript(reportOf([badLink]), '/run/locks'), /a3: its link step says "somewhere"/);
  assert.throws(() => replayScript(reportOf([]), '/run/locks'), /created nothing/);
});
