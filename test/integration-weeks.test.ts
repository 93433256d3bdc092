// Two simulated weeks of hourly cron runs on the simulated host: after every run, the snapshots, mounts, links and
// exports are exactly those an independent model of the rules says must be live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimSite } from './support/sim-site.ts';

const HOUR = 3_600_000;
const RULES = [
  '[expire_hourly]', 'match = * * * *', 'expire_after = 5 hours', '',
  '[expire_daily]', 'match = 0 * * *', 'expire_after = 3 days', '',
  '[expire_weekly]', 'match = 0 1 * *', 'expire_after = 9 days', '',
  '[expire_noon]', 'match = 12 mon-fri * *', 'expire_after = 30 hours', '',
].join('\n');

/** The model: written from the rules above with plain Date arithmetic, not with the product's rule engine. */
function expiryOf(taken: number): number {
  const date = new Date(taken);
  const isoDay = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  const hour = date.getUTCHours();
  const lifetimes = [5 * HOUR];
  if (hour === 0) lifetimes.push(72 * HOUR);
  if (hour === 0 && isoDay === 1) lifetimes.push(9 * 24 * HOUR);
  if (hour === 12 && isoDay <= 5) lifetimes.push(30 * HOUR);
  return taken + Math.max(...lifetimes);
}

const stamp = (time: number, format: 'lv' | 'gmt') => {
  const iso = new Date(time).toISOString();
  const [y, mo, d, h, mi, s] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), iso.slice(14, 16), iso.slice(17, 19)];
  return format === 'lv' ? `${y}${mo}${d}${h}${mi}${s}` : `@GMT-${y}.${mo}.${d}-${h}.${mi}.${s}`;
};

const volumes = [
  { name: 'home', vg: 'vgA', fs: 'ext4' as const, linkdir: true, clients: ['10.1.1.0/24', '192.168.7.7'] },
  { name: 'data', vg: 'vgA', fs: 'xfs' as const, clients: ['*.example.org'] },
  { name: 'proj', vg: 'vgB', fs: 'ext4' as const, linkdir: true },
  { name: 'scratch', vg: 'vgB', fs: 'xfs' as const },
  { name: 'arch', vg: 'vgC', fs: 'ext4' as const, thickSize: '512M', clients: ['@backup'] },
];

test('two weeks of hourly runs: every snapshot lives from its hour until the first run at or after its expiry', { timeout: 600_000 }, async () => {
  const site = await createSimSite({ volumes, rules: RULES });
  const start = Date.parse('2026-11-30T00:00:00Z'); // a Monday
  const taken: number[] = [];
  for (let run = 0; run < 14 * 24; run += 1) {
    const now = start + run * HOUR;
    const { code, report, stderr } = await site.runAt(new Date(now));
    assert.equal(code, 0, `run at ${new Date(now).toISOString()}: ${stderr} ${JSON.stringify(report.summary)}`);
    taken.push(now);
    const live = taken.filter((time) => expiryOf(time) > now);

    const lvs = site.sim.control.listLvs();
    for (const volume of volumes) {
      const snapshots = lvs.filter((lv) => lv.vg === volume.vg && lv.origin === volume.name);
      assert.deepEqual(snapshots.map((lv) => lv.name).sort(), live.map((time) => `${volume.name}-${stamp(time, 'lv')}`),
        `${volume.name} snapshots after the run at ${new Date(now).toISOString()}`);
      for (const lv of snapshots) {
        const time = live.find((candidate) => lv.name.endsWith(stamp(candidate, 'lv')))!;
        assert.deepEqual(lv.tags, ['snapper', `snapper_exp:${stamp(expiryOf(time), 'lv').replace(/^(\d{8})/, '$1T')}Z`]);
      }
      if (volume.linkdir) {
        const linkdir = site.paths.linkdir(volume.name);
        const entries = (await readdir(linkdir)).sort();
        assert.deepEqual(entries, live.map((time) => stamp(time, 'gmt')), `${volume.name} links`);
        for (const entry of entries) assert.equal(await readlink(join(linkdir, entry)), join(site.paths.snapdir(volume.name), entry));
      }
      assert.deepEqual((await readdir(site.paths.snapdir(volume.name))).sort(), live.map((time) => stamp(time, 'gmt')), `${volume.name} mount folders`);
    }
    const mounts = site.sim.control.listMounts().filter((mount) => mount.target.startsWith(`${site.root}/snapshots/`));
    const expectedMounts = volumes.flatMap((volume) => live.map((time) =>
      `${site.paths.snapdir(volume.name)}/${stamp(time, 'gmt')} <- /dev/mapper/${volume.vg}-${volume.name}--${stamp(time, 'lv')}`));
    assert.deepEqual(mounts.map((mount) => `${mount.target} <- ${mount.source}`).sort(), expectedMounts.sort(), 'mounts');
    assert.ok(mounts.every((mount) => mount.mountOptions.includes('ro')), 'every snapshot is mounted read-only');
    const exports = site.sim.control.listExports().map((entry) => `${entry.client}:${entry.path}`).sort();
    const expectedExports = volumes.flatMap((volume) => (volume.clients ?? []).flatMap((client) =>
      live.map((time) => `${client}:${site.paths.snapdir(volume.name)}/${stamp(time, 'gmt')}`)));
    assert.deepEqual(exports, expectedExports.sort(), 'exports');
  }
  assert.ok(taken.length === 336);
});
