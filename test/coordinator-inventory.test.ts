import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandTimeouts } from '../src/config/types.ts';
import type { CommandRequest, CommandResult } from '../src/host/command.ts';
import type { Host } from '../src/host/host.ts';
import { readInventory, type InventoryScope } from '../src/coordinator/inventory.ts';
import { makeTempDir } from './support/temp-dir.ts';

const TIMEOUTS: CommandTimeouts = { lvm: 1000, mount: 1000, exportfs: 1000, blkid: 1000, pipeline: 10_000 };
const EMPTY_LVS = JSON.stringify({ report: [{ lv: [] }] });

/** A host whose commands answer after `delayMs`, noting which have finished. */
function slowHost(delayMs: number): Host & { finished: string[] } {
  const finished: string[] = [];
  const run = async (request: CommandRequest): Promise<CommandResult> => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const lvs = request.argv[1] === 'lvs';
    finished.push(lvs ? 'lvs' : request.argv[0]!);
    const stdout = lvs ? EMPTY_LVS : '';
    return { argv: request.argv, exitCode: 0, stdout, stderr: '', durationMs: delayMs, timedOut: false };
  };
  return { runner: { run }, readMountinfo: async () => '', workerHost: { kind: 'exec' }, finished };
}

function scope(snapdirs: string[], linkdirs: string[]): InventoryScope {
  return { vgs: ['vgA'], snapdirs, linkdirs, nfsInUse: false };
}

test('the inventory lists the @GMT folders and links of every snapdir and linkdir; missing ones have none', async () => {
  const root = makeTempDir('inventory');
  const snapdir = join(root, 'snapshots', 'home');
  const linkdir = join(root, 'home', '.snapshots');
  mkdirSync(join(snapdir, '@GMT-2026.12.01-10.00.00'), { recursive: true });
  mkdirSync(join(snapdir, 'lost+found'));
  writeFileSync(join(snapdir, '@GMT-2026.12.01-11.00.00'), 'a file, not a mount folder');
  mkdirSync(linkdir, { recursive: true });
  symlinkSync(join(snapdir, '@GMT-2026.12.01-10.00.00'), join(linkdir, '@GMT-2026.12.01-10.00.00'));
  mkdirSync(join(linkdir, '@GMT-2026.12.01-09.00.00'));
  writeFileSync(join(linkdir, 'notes.txt'), '');

  const inventory = await readInventory(slowHost(1), scope([snapdir, join(root, 'missing')], [linkdir, join(root, 'gone')]), TIMEOUTS);

  assert.deepEqual(inventory.mountDirs, [join(snapdir, '@GMT-2026.12.01-10.00.00')]);
  assert.deepEqual(
    [...inventory.links].sort((a, b) => a.path.localeCompare(b.path)),
    [
      { path: join(linkdir, '@GMT-2026.12.01-09.00.00') },
      { path: join(linkdir, '@GMT-2026.12.01-10.00.00'), target: join(snapdir, '@GMT-2026.12.01-10.00.00') },
    ],
  );
});

test('a snapdir that cannot be read fails the inventory with the system error, once the commands it started have ended', async () => {
  const root = makeTempDir('inventory');
  const looping = join(root, 'loop');
  symlinkSync(looping, looping);
  const host = slowHost(200);

  await assert.rejects(readInventory(host, scope([looping], []), TIMEOUTS), (error: NodeJS.ErrnoException) => {
    assert.equal(error.code, 'ELOOP');
    assert.match(error.message, new RegExp(looping));
    return true;
  });
  assert.deepEqual(host.finished.sort(), ['exportfs', 'lvs']);
});
