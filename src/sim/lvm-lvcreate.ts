// `lvm lvcreate`: thin snapshots (no size, thin origin), classic snapshots (`-L`/`-l`), thin LVs
// (`-V -T VG/POOL`) and linear LVs, with lvm2 2.03's checks, messages and exit codes (fixtures 02–10, 38).
// Thin pool creation is not simulated: pools come from the control API. Pure.

import type { CommandPlan, Output } from './command-types.ts';
import type { ParsedArgs } from './getopt.ts';
import type { AutoextendSettings } from './lvm-common.ts';
import type { ExtentsArg } from './units.ts';
import type { Lv, Vg, World } from './world.ts';
import { planEarlyAnswer, makeOutput } from './command-types.ts';
import { hasOption, getLastValue } from './getopt.ts';
import {
  LVM_EXIT, answerInvalidArgument, findLvNameProblem, formatLvmLine, formatMissingVg, answerNoMatchingCommand, normalizeTag,
  parseLvmArgs, parseLvRef, readAutoextendSettings, nameVgLock,
} from './lvm-common.ts';
import { warnOverprovisioning, checkPoolThreshold } from './lvm-thin-checks.ts';
import { formatSize, parseExtentsArg, parseSizeArg, roundUpToExtent } from './units.ts';
import { addLv, makeLv, copyFilesystemForSnapshot } from './world-ops.ts';
import { computeVgFreeBytes } from './world.ts';

type Mode = 'snapshot' | 'thin' | 'linear';

interface Request {
  mode: Mode;
  vg: string;
  /** Snapshot origin, or thin pool. */
  target: string;
  name?: string;
  tags: string[];
  skip?: boolean;
  ignoreSkip: boolean;
  activate: boolean;
  size?: number;
  extents?: ExtentsArg;
  autoextend: AutoextendSettings;
}

/** Plans an lvcreate: the checks and the creation run under the VG's lock. */
export function planLvcreate(args: readonly string[]): CommandPlan {
  const request = parseRequest(args);
  if ('exitCode' in request) return planEarlyAnswer('lvcreate', request);
  return {
    kind: 'lvcreate',
    probe: [],
    steps: [{ lock: nameVgLock(request.vg), items: 1, run: (world) => create(world, request) }],
  };
}

function parseRequest(words: readonly string[]): Request | Output {
  const parsed = parseLvmArgs('lvcreate', words, [
    { long: 'snapshot', short: 's', arg: false }, { long: 'name', short: 'n', arg: true },
    { long: 'addtag', arg: true }, { long: 'setactivationskip', short: 'k', arg: true },
    { long: 'ignoreactivationskip', short: 'K', arg: false }, { long: 'activate', short: 'a', arg: true },
    { long: 'size', short: 'L', arg: true }, { long: 'extents', short: 'l', arg: true },
    { long: 'virtualsize', short: 'V', arg: true }, { long: 'thin', short: 'T', arg: false },
    { long: 'thinpool', arg: true }, { long: 'zero', short: 'Z', arg: true },
    { long: 'wipesignatures', short: 'W', arg: true },
  ]);
  if (!parsed.ok) return parsed.output;
  const { args } = parsed;
  const tags: string[] = [];
  for (const value of args.values.get('addtag') ?? []) {
    const tag = normalizeTag(value);
    if (tag === undefined) return answerInvalidArgument('addtag', value);
    if (!tags.includes(tag)) tags.push(tag);
  }
  for (const option of ['setactivationskip', 'zero', 'wipesignatures']) {
    const value = getLastValue(args, option);
    if (value !== undefined && value !== 'y' && value !== 'n') return answerInvalidArgument(option, value);
  }
  const activation = getLastValue(args, 'activate');
  if (activation !== undefined && !/^[aelx]?[yn]$/.test(activation)) return answerInvalidArgument('activate', activation);
  const sizes = readSizes(args);
  if ('exitCode' in sizes) return sizes;
  const name = getLastValue(args, 'name');
  const nameProblem = name === undefined ? undefined : findLvNameProblem(name);
  if (nameProblem !== undefined) return makeOutput(LVM_EXIT.invalidCmdLine, '', formatLvmLine(nameProblem));

  const mode = chooseMode(args, sizes);
  const ref = args.positionals.length === 1 ? parseLvRef(args.positionals[0]!) : undefined;
  if (mode === undefined || ref === undefined) return answerNoMatchingCommand('lvcreate');
  const thinpool = getLastValue(args, 'thinpool');
  const target = mode === 'snapshot' ? ref.lv : mode === 'thin' ? thinpool ?? ref.lv : '';
  const ofOrigin = sizes.extents !== undefined && 'of' in sizes.extents && sizes.extents.of === 'ORIGIN';
  if (target === undefined || (mode === 'linear' && ref.lv !== undefined) || (ofOrigin && mode !== 'snapshot')) {
    return answerNoMatchingCommand('lvcreate');
  }
  const skipValue = getLastValue(args, 'setactivationskip');
  return {
    mode, vg: ref.vg, target, name, tags, ignoreSkip: hasOption(args, 'ignoreactivationskip'),
    skip: skipValue === undefined ? undefined : skipValue === 'y',
    activate: activation === undefined || activation.endsWith('y'),
    size: mode === 'thin' ? sizes.virtual : sizes.size, extents: sizes.extents,
    autoextend: readAutoextendSettings(args.values.get('config') ?? []),
  };
}

function readSizes(args: ParsedArgs): { size?: number; virtual?: number; extents?: ExtentsArg } | Output {
  const sizes: { size?: number; virtual?: number; extents?: ExtentsArg } = {};
  for (const [option, key] of [['size', 'size'], ['virtualsize', 'virtual']] as const) {
    const value = getLastValue(args, option);
    if (value === undefined) continue;
    const bytes = parseSizeArg(value);
    if (bytes === undefined) return answerInvalidArgument(option, value);
    sizes[key] = bytes;
  }
  const extents = getLastValue(args, 'extents');
  if (extents !== undefined) {
    sizes.extents = parseExtentsArg(extents);
    if (sizes.extents === undefined) return answerInvalidArgument('extents', extents);
  }
  return sizes;
}

function chooseMode(args: ParsedArgs, sizes: { size?: number; virtual?: number; extents?: ExtentsArg }): Mode | undefined {
  const sized = sizes.size !== undefined || sizes.extents !== undefined;
  const thin = hasOption(args, 'thin') || hasOption(args, 'thinpool');
  if (hasOption(args, 'snapshot')) return sizes.virtual === undefined && !hasOption(args, 'thin') ? 'snapshot' : undefined;
  if (sizes.virtual !== undefined) return thin && !sized ? 'thin' : undefined;
  return sized && !thin ? 'linear' : undefined;
}

function create(world: World, request: Request): Output {
  const vg = world.vgs.get(request.vg);
  if (vg === undefined) return makeOutput(LVM_EXIT.failed, '', formatMissingVg(request.vg));
  const fail = (message: string): Output => makeOutput(LVM_EXIT.failed, '', formatLvmLine(message));
  const target = vg.lvs.get(request.target);
  const classic = request.mode === 'snapshot' && (request.size !== undefined || request.extents !== undefined);
  if (request.mode === 'snapshot') {
    // tools/lvcreate.c, _determine_snapshot_type.
    if (target === undefined) return fail(`Snapshot origin LV ${request.target} not found in Volume group ${vg.name}.`);
    if (!classic && target.kind !== 'thin') return fail('Please specify either size or extents with snapshots.');
    if (target.kind === 'thin-pool') return fail(`Snapshots of thin pool ${vg.name}/${target.name} are not supported.`);
    if (target.kind === 'cow') return fail('Snapshots of snapshots are not supported.');
  }
  if (request.mode === 'thin' && target?.kind !== 'thin-pool') {
    return fail(`Thin pool ${request.target} not found in Volume group ${vg.name}.`);
  }
  const name = request.name ?? nextLvolName(vg);
  // lib/metadata/lv_manip.c, _lv_create_an_lv.
  if (vg.lvs.has(name)) return fail(`Logical Volume "${name}" already exists in volume group "${vg.name}"`);
  const pool = request.mode === 'thin' ? target : request.mode === 'snapshot' && !classic ? vg.lvs.get(target!.pool) : undefined;
  const refusal = pool === undefined ? undefined : checkPoolThreshold(vg, pool, request.autoextend);
  if (refusal !== undefined) return makeOutput(LVM_EXIT.failed, '', refusal);

  let stdout = '';
  let sizeBytes = target?.sizeBytes ?? 0;
  if (request.mode !== 'snapshot' || classic) {
    const wanted = request.extents !== undefined ? extentsToBytes(vg, request.extents, target) : request.size!;
    sizeBytes = roundUpToExtent(wanted, vg.extentBytes);
    if (sizeBytes !== wanted) stdout += formatLvmLine(`Rounding up size to full physical extent ${formatSize(sizeBytes, 'r', 'short')}`);
    if (request.mode !== 'thin' && sizeBytes > computeVgFreeBytes(vg)) {
      const free = Math.floor(computeVgFreeBytes(vg) / vg.extentBytes);
      return makeOutput(LVM_EXIT.failed, stdout, formatLvmLine(`Volume group "${vg.name}" has insufficient free space (${free} extents): ${sizeBytes / vg.extentBytes} required.`));
    }
  }
  const lv = buildLv(world, vg, request, name, sizeBytes, target, classic);
  addLv(world, vg, lv);
  const warnings = pool === undefined ? { stdout: '', stderr: '' } : warnOverprovisioning(vg, pool, request.autoextend);
  return makeOutput(LVM_EXIT.ok, stdout + warnings.stdout + formatLvmLine(`Logical volume "${name}" created.`), warnings.stderr);
}

function buildLv(world: World, vg: Vg, request: Request, name: string, sizeBytes: number, target: Lv | undefined, classic: boolean): Lv {
  const thinSnapshot = request.mode === 'snapshot' && !classic;
  // A thin snapshot gets the activation-skip flag unless told otherwise, and is then created inactive unless -K
  // (lvcreate(8), --setactivationskip; fixtures 04, 11).
  const skip = request.skip ?? thinSnapshot;
  const originActive = !classic || target!.active;
  const base = { name, sizeBytes, tags: request.tags, skipActivation: skip, active: false };
  const lv = request.mode === 'snapshot'
    ? makeLv(world, {
      ...base, kind: classic ? 'cow' : 'thin', pool: classic ? '' : target!.pool, origin: target!.name,
      fs: copyFilesystemForSnapshot(world, vg, target!), usagePercent: classic ? 0 : target!.usagePercent,
    })
    : makeLv(world, { ...base, kind: request.mode === 'thin' ? 'thin' : 'linear', pool: request.mode === 'thin' ? target!.name : '' });
  lv.active = request.activate && (!skip || request.ignoreSkip) && originActive;
  return lv;
}

function extentsToBytes(vg: Vg, extents: ExtentsArg, origin: Lv | undefined): number {
  if ('extents' in extents) return extents.extents * vg.extentBytes;
  const whole = extents.of === 'FREE' ? computeVgFreeBytes(vg) : extents.of === 'ORIGIN' ? origin?.sizeBytes ?? 0 : vg.sizeBytes;
  return Math.ceil((whole / vg.extentBytes) * extents.percent / 100) * vg.extentBytes;
}

// lib/metadata/lv_manip.c, generate_lv_name: lvol<N> after the highest one in use.
function nextLvolName(vg: Vg): string {
  let highest = -1;
  for (const name of vg.lvs.keys()) {
    const match = /^lvol(\d+)$/.exec(name);
    if (match !== null) highest = Math.max(highest, Number(match[1]));
  }
  return `lvol${highest + 1}`;
}
