// The simulated host served on a Unix socket (how the benchmark runs it in a process of its own): the same answers
// as in process, and a whole run whose worker threads each connect to it themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectSocketHost } from '../src/host/socket-runner.ts';
import { serveSimHost } from '../src/sim/socket-server.ts';
import { main } from '../src/main.ts';
import type { RunReport } from '../src/report/types.ts';
import { createSimSite } from './support/sim-site.ts';

const RULES = '[expire_hourly]\nmatch = * * * *\nexpire_after = 2 hours\n';

test('commands and the mount table over the socket are what the simulated host answers in process', async (t) => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  const path = join(site.root, 'sim.sock');
  const server = await serveSimHost(site.sim, path);
  t.after(() => server.close());
  const client = connectSocketHost(path);
  const argv = ['lvm', 'lvs', '--reportformat', 'json', '-o', 'lv_name,vg_name', 'vgA'];
  assert.deepEqual({ ...(await client.run({ argv, timeoutMs: 0 })), durationMs: 0 }, { ...(await site.sim.runner.run({ argv, timeoutMs: 0 })), durationMs: 0 });
  const missing = ['lvm', 'lvs', '--reportformat', 'json', 'vgNone'];
  const failed = await client.run({ argv: missing, timeoutMs: 0 });
  assert.notEqual(failed.exitCode, 0);
  assert.match(failed.stderr, /vgNone/);
  assert.deepEqual({ ...failed, durationMs: 0 }, { ...(await site.sim.runner.run({ argv: missing, timeoutMs: 0 })), durationMs: 0 });
  assert.equal(await client.readMountinfo(), site.sim.mountinfo());
});

test('a run over worker threads that each reach the socket host themselves', async (t) => {
  const site = await createSimSite({ volumes: [
    { name: 'home', vg: 'vgA', fs: 'ext4', linkdir: true, clients: ['10.1.1.0/24'] },
    { name: 'data', vg: 'vgB', fs: 'xfs' },
  ], rules: RULES });
  const path = join(site.root, 'sim.sock');
  const server = await serveSimHost(site.sim, path);
  let connections = 0;
  server.on('connection', () => { connections += 1; });
  t.after(() => server.close());
  const client = connectSocketHost(path);
  let stdout = '';
  const code = await main(['-c', site.paths.config, '--json', '--now', '2026-12-01T10:00:00Z', 'run'], {
    stdout: { write: (text) => { stdout += text; }, isTty: false }, stderr: { write: () => {}, isTty: false }, env: {},
    host: { runner: client, readMountinfo: () => client.readMountinfo(), workerHost: { kind: 'socket', path } },
    pool: 'threads',
  });
  assert.equal(code, 0, stdout);
  const report = JSON.parse(stdout) as RunReport;
  assert.deepEqual(report.volumes.map((volume) => `${volume.volume}:${volume.status}`), ['home:ok', 'data:ok']);
  assert.deepEqual(site.sim.control.listLvs().filter((lv) => Boolean(lv.origin)).map((lv) => lv.name).sort(), ['data-20261201100000', 'home-20261201100000']);
  assert.equal(site.sim.control.listExports().length, 1);
  assert.ok(connections >= 2, `the coordinator's thread and a worker each connected (${connections})`);
});

test('a socket host that closes the connection fails the commands still waiting, instead of leaving them hanging', async (t) => {
  const site = await createSimSite({ volumes: [{ name: 'home', vg: 'vgA', fs: 'ext4' }], rules: RULES });
  const path = join(site.root, 'closing.sock');
  const server = createServer((connection) => connection.once('data', () => connection.destroy()));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => server.close());
  const client = connectSocketHost(path);
  await assert.rejects(client.run({ argv: ['lvm', 'lvs'], timeoutMs: 0 }), /closing\.sock: the connection was closed/);
});

test('a socket host that is not there fails the command with its path', async () => {
  const client = connectSocketHost('/nonexistent/lvmsnapper-sim.sock');
  await assert.rejects(client.run({ argv: ['lvm', 'lvs'], timeoutMs: 0 }), /\/nonexistent\/lvmsnapper-sim\.sock/);
});
