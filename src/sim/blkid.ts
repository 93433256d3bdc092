// `blkid [-o value|export|full] [-s TAG…] [DEVICE…]` (fixtures 14–16): a snapshot shows its origin's file
// system type and UUID; a device that does not exist or holds nothing known exits 2 silently. Pure.

import type { CommandPlan, Output } from './command-types.ts';
import type { Lv, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { findDevice, buildMapperPath } from './devices.ts';
import { getopt, getLastValue } from './getopt.ts';
import { listSortedLvs, listSortedVgNames } from './world.ts';

// blkid(8), RETURN CODE: 2 when nothing was found, 4 for usage errors.
const BLKID_NOT_FOUND = 2;
const BLKID_USAGE = 4;

/** Plans a blkid probe. */
export function planBlkid(args: readonly string[]): CommandPlan {
  const parsed = getopt('blkid', args, [
    { long: 'output', short: 'o', arg: true }, { long: 'match-tag', short: 's', arg: true },
    { long: 'cache-file', short: 'c', arg: true }, { long: 'probe', short: 'p', arg: false },
  ]);
  if (!parsed.ok) return planEarlyAnswer('blkid', makeOutput(BLKID_USAGE, '', `${parsed.message}\nTry 'blkid --help' for more information.\n`));
  const format = getLastValue(parsed.args, 'output') ?? 'full';
  if (!['value', 'export', 'full'].includes(format)) {
    return planEarlyAnswer('blkid', makeOutput(BLKID_USAGE, '', `blkid: unsupported output format ${format}\n`));
  }
  const tags = parsed.args.values.get('match-tag') ?? [];
  const devices = parsed.args.positionals;
  return { kind: 'blkid', probe: [], steps: [{ items: Math.max(devices.length, 1), run: (world) => probe(world, devices, tags, format) }] };
}

function probe(world: World, devices: readonly string[], wanted: readonly string[], format: string): Output {
  const targets = devices.length > 0
    ? devices.map((path) => ({ path, lv: findDevice(world, path)?.lv }))
    : everyDevice(world);
  const blocks: string[] = [];
  for (const { path, lv } of targets) {
    if (lv?.fs == null) continue;
    // The order libblkid reports an ext4 or XFS superblock's tags in.
    const tags = [['UUID', lv.fs.uuid], ['BLOCK_SIZE', lv.fs.type === 'xfs' ? '512' : '4096'], ['TYPE', lv.fs.type]]
      .filter(([name]) => wanted.length === 0 || wanted.includes(name!));
    if (tags.length === 0) continue;
    if (format === 'value') blocks.push(tags.map(([, value]) => `${value}\n`).join(''));
    else if (format === 'export') blocks.push(`DEVNAME=${path}\n${tags.map(([name, value]) => `${name}=${value}\n`).join('')}`);
    else blocks.push(`${path}: ${tags.map(([name, value]) => `${name}="${value}"`).join(' ')}\n`);
  }
  if (blocks.length === 0) return makeOutput(BLKID_NOT_FOUND);
  return makeOutput(0, blocks.join(format === 'export' ? '\n' : ''));
}

function everyDevice(world: World): { path: string; lv: Lv | undefined }[] {
  return listSortedVgNames(world).flatMap((name) => listSortedLvs(world.vgs.get(name)!)
    .filter((lv) => lv.active && lv.kind !== 'thin-pool')
    .map((lv) => ({ path: buildMapperPath(name, lv.name), lv })));
}
