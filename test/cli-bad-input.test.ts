// Bad input of every kind: a clear message naming what is wrong and where, the right exit code, nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { main } from '../src/main.ts';
import { asHost } from '../src/sim/as-host.ts';
import { createSimSite, type SimSite } from './support/sim-site.ts';
import { fakeToolsEnv, spawnCli } from './support/spawn-cli.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 6 hours\n';
const now = '2026-12-01T10:00:00Z';

/** One volume; `worldDir` for a site the CLI runs against as its own process. */
async function site(options: { worldDir?: boolean } = {}): Promise<SimSite> {
  return createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] }], rules: RULES }, options);
}

function worldOf(current: SimSite): string {
  return JSON.stringify([current.sim.control.listLvs(), current.sim.control.listMounts(), current.sim.control.listExports()]);
}

async function withConfig(current: SimSite, edit: (text: string) => string): Promise<void> {
  await writeFile(current.paths.config, edit(await readFile(current.paths.config, 'utf8')));
}

async function expectRefused(current: SimSite, argv: string[], code: number, message: RegExp): Promise<void> {
  const before = worldOf(current);
  const result = await current.cli(argv);
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  assert.match(result.stderr, message);
  assert.equal(worldOf(current), before, 'the host is unchanged');
  assert.equal(existsSync(current.paths.state), false, 'no state was written');
}

test('broken INI: exit 2 with the line', async () => {
  const current = await site();
  await withConfig(current, (text) => text.replace('[logging]', '[logging'));
  await expectRefused(current, ['--now', now, 'run'], 2, /line \d+/);
});

test('wrong types: exit 2 naming section and key', async () => {
  const current = await site();
  await withConfig(current, (text) => text.replace('enabled = true', 'enabled = true\nconcurrency = many\nmax_pool_data_percent = 120'));
  await expectRefused(current, ['--now', now, 'run'], 2, /\[main\] concurrency[\s\S]*\[main\] max_pool_data_percent/);
});

test('impossible or offset-less --now: exit 2', async () => {
  const current = await site();
  for (const value of ['2026-02-30T10:00:00Z', '2026-12-01T25:00:00Z', '2026-12-01T10:00:00', 'tomorrow']) {
    await expectRefused(current, ['--now', value, 'run'], 2, /--now|not a real date|ISO 8601/);
  }
  for (const value of ['2026-12-01T10:00:00+99:00', '2026-12-01T10:00:00-05:75']) {
    await expectRefused(current, ['--now', value, 'run'], 2, /is not an offset from UTC/);
  }
  assert.equal((await current.cli(['--now', '2026-12-01T10:00:00+14:00', 'plan'])).code, 0, 'Kiribati is real');
});

test('names with shell metacharacters: exit 2 naming the key', async () => {
  const current = await site();
  await withConfig(current, (text) => text.replace('lv = home', 'lv = home$(reboot)').replace('vg = vgA', 'vg = vg`id`'));
  await expectRefused(current, ['--now', now, 'run'], 2, /\[home\] vg[\s\S]*\[home\] lv/);
});

test('an unreadable or missing config: exit 2 with the reason', async () => {
  const current = await site();
  const folder = `${current.root}/a-folder.conf`;
  await mkdir(folder);
  for (const path of [folder, `${current.root}/missing.conf`]) {
    const before = worldOf(current);
    let stderr = '';
    const code = await main(['-c', path, 'run'], {
      stdout: { write: () => {}, isTty: false }, stderr: { write: (text) => { stderr += text; }, isTty: false }, env: {}, host: asHost(current.sim), pool: 'in-thread',
    });
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${path.replace(/[/.]/g, '\\$&')}[\\s\\S]*(EISDIR|ENOENT|directory|no such file)`, 'i'));
    assert.equal(worldOf(current), before);
  }
});

test('an unknown volume or command: exit 2', async () => {
  const current = await site();
  await expectRefused(current, ['--volume', 'nope', 'run'], 2, /no volume named nope/);
  await expectRefused(current, ['frobnicate'], 2, /unknown command/);
  await expectRefused(current, ['remove', 'home-20991231000000'], 2, /no snapshot of ours is named home-20991231000000/);
});

test('a missing lvm binary: exit 1, the reason, nothing changed', async () => {
  const current = await site();
  const sim = asHost(current.sim);
  const withoutLvm = {
    ...sim,
    runner: {
      run: async (request: { argv: readonly string[]; timeoutMs: number }) => request.argv[0] === 'lvm'
        ? { argv: request.argv, exitCode: null, stdout: '', stderr: '', durationMs: 0, timedOut: false, spawnError: 'lvm: not found on PATH' }
        : sim.runner.run(request),
    },
  };
  const before = worldOf(current);
  let stderr = '';
  const code = await main(['-c', current.paths.config, '--now', now, 'run'], {
    stdout: { write: () => {}, isTty: false }, stderr: { write: (text) => { stderr += text; }, isTty: false }, env: {}, host: withoutLvm, pool: 'in-thread',
  });
  assert.equal(code, 1);
  assert.match(stderr, /cannot read the LVM inventory: .*lvm: not found on PATH/);
  assert.equal(worldOf(current), before);
  assert.equal(existsSync(current.paths.state), false);
});

test('a lock_file or statefile where no folder can be: exit 1 naming the key, at once, nothing changed', async () => {
  // Under /proc, mkdir answers ENOENT even once the parent exists: node's recursive mkdir retries that forever, so
  // the run is its own process, killed if it has not answered in time.
  for (const [key, path, message] of [
    ['lock_file', '/proc/lvmsnapper/run.lock', /^lvmsnapper: lock_file \/proc\/lvmsnapper\/run\.lock cannot be opened: ENOENT.*; nothing was done$/m],
    ['statefile', '/proc/lvmsnapper/state.json', /^lvmsnapper: statefile \/proc\/lvmsnapper\/state\.json cannot be written: ENOENT.*; nothing was done$/m],
  ] as const) {
    const current = await site({ worldDir: true });
    await withConfig(current, (text) => text.replace(new RegExp(`^${key} = .*$`, 'm'), `${key} = ${path}`));
    const before = worldOf(current);
    const result = await spawnCli(current, ['--now', now, 'run'], { ...await fakeToolsEnv(current) }, 60_000);
    assert.equal(result.signal, null, `${key}: the run did not answer within a minute`);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(worldOf(current), before, 'the host is unchanged');
  }
  const current = await site();
  await writeFile(`${current.root}/a-file`, 'in the way\n');
  await withConfig(current, (text) => text.replace(/^statefile = .*$/m, `statefile = ${current.root}/a-file/state.json`));
  await expectRefused(current, ['--now', now, 'run'], 1, /^lvmsnapper: statefile .*\/a-file\/state\.json cannot be read: ENOTDIR/m);
  const check = await current.cli(['check']);
  assert.match(check.stdout, /^FAIL state: statefile .*\/a-file\/state\.json cannot be read: ENOTDIR.*; a run stops before changing anything until it can be read$/m);
});

test('a journal that cannot be written after the run acted: the report stands with a notice, exit 1', async () => {
  const current = await site();
  const sim = asHost(current.sim);
  const stateFolder = dirname(current.paths.state);
  const losingTheStateFolder = {
    ...sim,
    runner: {
      run: async (request: { argv: readonly string[]; timeoutMs: number }) => {
        // After the intents were written: the folder is gone and a file stands in its place.
        if (request.argv.includes('lvcreate')) {
          await rm(stateFolder, { recursive: true });
          await writeFile(stateFolder, 'not a folder\n');
        }
        return sim.runner.run(request);
      },
    },
  };
  let stdout = '';
  let stderr = '';
  const code = await main(['-c', current.paths.config, '--now', now, '--json', 'run'], {
    stdout: { write: (text) => { stdout += text; }, isTty: false }, stderr: { write: (text) => { stderr += text; }, isTty: false },
    env: {}, host: losingTheStateFolder, pool: 'in-thread',
  });
  assert.equal(code, 1, stderr);
  const report = JSON.parse(stdout) as { exitCode: number; notices: string[]; volumes: Array<{ status: string }> };
  assert.equal(report.exitCode, 1);
  assert.deepEqual(report.volumes.map((volume) => volume.status), ['ok'], 'the snapshot was made and reported');
  assert.deepEqual(report.notices, [`statefile ${current.paths.state} was not written after the run: `
    + `EEXIST: file already exists, mkdir '${stateFolder}'; the next run settles it from LVM's tags`]);
  assert.deepEqual(current.sim.control.listLvs().filter((lv) => lv.origin === 'home').map((lv) => lv.name), ['home-20261201100000']);
});

test('paths with spaces work end to end', async () => {
  const current = await site();
  await withConfig(current, (text) => text.replace(/snapdir = (.*)\/snapshots\/home/, 'snapdir = $1/snap shots/home dir'));
  const { code, report } = await current.runAt(new Date(now));
  assert.equal(code, 0, JSON.stringify(report.volumes));
  const mount = current.sim.control.listMounts().find((entry) => entry.target.includes('snap shots'));
  assert.equal(mount?.target, `${current.root}/snap shots/home dir/@GMT-2026.12.01-10.00.00`);
  const again = await current.runAt(new Date('2026-12-01T10:30:00Z'));
  assert.deepEqual(again.report.volumes[0]!.actions.map((action) => action.kind).sort(), ['keep', 'skip'], 'the mount with spaces is read back as ours');
});
