// Deterministic randomness for uuids: a seeded generator whose state lives in the world, so a world saved to a
// folder and driven by several processes still draws one reproducible sequence. Pure.

import type { World } from './world.ts';

/** The next 32-bit number of the world's sequence (mulberry32). */
export function drawRandom(world: World): number {
  world.randomState = (world.randomState + 0x6d2b79f5) >>> 0;
  let t = world.randomState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

// lvm2 draws LV uuids from these 62 characters and prints them in groups of 6-4-4-4-4-4-6
// (lib/uuid/uuid.c: id_create, id_write_format).
const LVM_UUID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LVM_UUID_GROUPS = [6, 4, 4, 4, 4, 4, 6];

/** A new LV uuid as lvs prints it, e.g. `sUkrxv-WRMC-Wk7J-15iQ-L4cL-2qdr-o3p6aJ`. */
export function drawLvUuid(world: World): string {
  return LVM_UUID_GROUPS.map((length) => {
    let group = '';
    for (let i = 0; i < length; i += 1) group += LVM_UUID_CHARS[drawRandom(world) % LVM_UUID_CHARS.length];
    return group;
  }).join('-');
}

/** A new file system uuid (random, version 4), as blkid prints it. */
export function drawFsUuid(world: World): string {
  const hex = Array.from({ length: 4 }, () => drawRandom(world).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
