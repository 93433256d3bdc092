// lvm2's two thin pool checks around creating a thin LV: the autoextend threshold that refuses it (fixture 38)
// and the over-provisioning warnings printed after it (fixtures 03, 04, 10). Pure.

import type { AutoextendSettings } from './lvm-common.ts';
import type { Lv, Vg } from './world.ts';
import { formatLvmLine } from './lvm-common.ts';
import { formatSize } from './units.ts';
import { computeVgFreeBytes } from './world.ts';

/**
 * lib/metadata/thin_manip.c, thin_pool_below_threshold: a pool whose data or metadata usage is above the autoextend
 * threshold, or full, takes no new thin LV.
 */
export function checkPoolThreshold(vg: Vg, pool: Lv, settings: AutoextendSettings): string | undefined {
  const over = (percent: number): boolean => percent > settings.threshold || percent >= 100;
  if (!over(pool.usagePercent) && !over(pool.metadataPercent)) return undefined;
  return formatLvmLine(`Cannot create new thin volume, free space in thin pool ${vg.name}/${pool.name} reached threshold.`);
}

/** What the over-provisioning check prints: one warning on stderr, its advice on stdout. */
export interface ProvisioningWarnings {
  stdout: string;
  stderr: string;
}

/**
 * lib/metadata/thin_manip.c, thin_pool_check_overprovisioning, for a new thin LV in `pool`: when the thin LVs add
 * up to more than their pools, warn, and say which protection is missing.
 */
export function warnOverprovisioning(vg: Vg, pool: Lv, settings: AutoextendSettings): ProvisioningWarnings {
  const none = { stdout: '', stderr: '' };
  const thinSum = (poolName: string): number => {
    let sum = 0;
    for (const lv of vg.lvs.values()) if (lv.kind === 'thin' && lv.pool === poolName) sum += lv.sizeBytes;
    return sum;
  };
  let poolSum = pool.sizeBytes;
  let thinTotal = thinSum(pool.name);
  if (thinTotal <= poolSum) return none;
  let morePools = 0;
  for (const other of vg.lvs.values()) {
    if (other.kind !== 'thin-pool' || other === pool) continue;
    morePools += 1;
    poolSum += other.sizeBytes;
    thinTotal += thinSum(other.name);
  }
  if (thinTotal <= poolSum) return none;

  const unprotected = settings.threshold > 99 || settings.percent === 0;
  let limit: number;
  let what = '';
  if (vg.sizeBytes < thinTotal) {
    limit = vg.sizeBytes;
    what = ' and the size of whole volume group';
  } else if (computeVgFreeBytes(vg) < thinTotal) {
    limit = computeVgFreeBytes(vg);
    what = limit === 0 ? '' : ' and the amount of free space in volume group';
  } else if (unprotected) {
    limit = poolSum;
  } else {
    return none;
  }
  const sizeText = (bytes: number): string => formatSize(bytes, 'r', 'short');
  const pools = morePools > 0 ? 's' : ` ${vg.name}/${pool.name}`;
  const limitText = limit > 0 ? sizeText(limit) : 'no free space in volume group';
  const stderr = formatLvmLine(`WARNING: Sum of all thin volume sizes (${sizeText(thinTotal)}) exceeds the size of thin pool${pools}${what} (${limitText}).`);
  let stdout = '';
  if (unprotected) stdout += formatLvmLine('WARNING: You have not turned on protection against thin pools running out of space.');
  if (settings.threshold > 99) {
    stdout += formatLvmLine('WARNING: Set activation/thin_pool_autoextend_threshold below 100 to trigger automatic extension of thin pools before they get full.');
  }
  if (settings.percent === 0) {
    stdout += formatLvmLine('WARNING: Set activation/thin_pool_autoextend_percent above 0 to specify by how much to extend thin pools reaching the threshold.');
  }
  return { stdout, stderr };
}
