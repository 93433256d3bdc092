// exports(5) options as nfs-utils 2.6 reads them (support/nfs/exports.c, parseopts) and as `exportfs -v` prints
// them (utils/exportfs/exportfs.c, dump; secinfo_show), defaults and per-flavor flags included. Pure.

/** The export flags nfs-utils keeps (NFSEXP_*), by name. */
export type ExportFlag =
  | 'readonly' | 'insecure' | 'rootsquash' | 'allsquash' | 'async' | 'wdelay' | 'nordirplus' | 'security_label'
  | 'nohide' | 'nosubtreecheck' | 'noauthnlm' | 'crossmnt' | 'noacl' | 'pnfs' | 'fsid';

/** One export's options. */
export interface ExportOptions {
  flags: ExportFlag[];
  /** Numeric `fsid=` (with the fsid flag). */
  fsid: number;
  /** `fsid=` given as a UUID. */
  uuid: string | null;
  anonuid: number;
  anongid: number;
  mountpoint: string | null;
  fsloc: { method: 'refer' | 'replicas'; data: string } | null;
  /** Security flavors with the flags set for each, in the order given. */
  secinfo: { flavor: string; flags: ExportFlag[] }[];
}

// The flags that may differ per security flavor (the kernel's export_features, secinfo mask).
const SECINFO_FLAGS: readonly ExportFlag[] = ['readonly', 'insecure', 'rootsquash', 'allsquash'];

/** mkexportent's defaults: ro, root_squash, wdelay, no_subtree_check (exports.c, EXPORT_DEFAULT_FLAGS). */
export function makeDefaultExportOptions(): ExportOptions {
  return {
    flags: ['readonly', 'rootsquash', 'wdelay', 'nosubtreecheck'], fsid: 0, uuid: null, anonuid: 65534,
    anongid: 65534, mountpoint: null, fsloc: null, secinfo: [],
  };
}

const SWITCHES: ReadonlyMap<string, [ExportFlag, boolean]> = new Map([
  ['ro', ['readonly', true]], ['rw', ['readonly', false]], ['secure', ['insecure', false]],
  ['insecure', ['insecure', true]], ['sync', ['async', false]], ['async', ['async', true]],
  ['nordirplus', ['nordirplus', true]], ['security_label', ['security_label', true]], ['nohide', ['nohide', true]],
  ['hide', ['nohide', false]], ['crossmnt', ['crossmnt', true]], ['nocrossmnt', ['crossmnt', false]],
  ['wdelay', ['wdelay', true]], ['no_wdelay', ['wdelay', false]], ['root_squash', ['rootsquash', true]],
  ['no_root_squash', ['rootsquash', false]], ['all_squash', ['allsquash', true]], ['no_all_squash', ['allsquash', false]],
  ['subtree_check', ['nosubtreecheck', false]], ['no_subtree_check', ['nosubtreecheck', true]],
  ['auth_nlm', ['noauthnlm', false]], ['no_auth_nlm', ['noauthnlm', true]], ['secure_locks', ['noauthnlm', false]],
  ['insecure_locks', ['noauthnlm', true]], ['acl', ['noacl', false]], ['no_acl', ['noacl', true]],
  ['pnfs', ['pnfs', true]], ['no_pnfs', ['pnfs', false]],
]);

// exports.c, flav_map: unix and sys are one flavor, null and none another.
const FLAVORS: ReadonlyMap<string, number> = new Map([
  ['krb5', 390003], ['krb5i', 390004], ['krb5p', 390005], ['unix', 1], ['sys', 1], ['null', 0], ['none', 0],
]);

/**
 * Applies an `-o` list to `base` (parseopts). Returns the error message exportfs prints (without its
 * `exportfs: ` prefix) when an option is refused.
 */
export function applyExportOptions(base: ExportOptions, text: string | undefined): ExportOptions | { error: string } {
  const options: ExportOptions = structuredClone(base);
  const flags = new Set(options.flags);
  let active: number[] = [];
  const set = (flag: ExportFlag, on: boolean): void => {
    if (on) flags.add(flag);
    else flags.delete(flag);
    for (const index of active) {
      const entry = options.secinfo[index]!;
      entry.flags = on ? [...new Set([...entry.flags, flag])] : entry.flags.filter((each) => each !== flag);
    }
  };
  for (const option of (text ?? '').split(',').filter(Boolean)) {
    const toggle = SWITCHES.get(option);
    const value = option.slice(option.indexOf('=') + 1);
    if (toggle !== undefined) set(toggle[0], toggle[1]);
    else if (/^anon[ug]id=/.test(option)) {
      if (!/^-?\d+$/.test(value)) return { error: `command line: 0: bad ${option.slice(0, 7)} "${option}"\n` };
      options[option.startsWith('anonuid') ? 'anonuid' : 'anongid'] = Number(value);
    } else if (option.startsWith('fsid=')) {
      const numeric = parseCNumber(value);
      if (value === 'root' || numeric !== undefined) {
        options.fsid = value === 'root' ? 0 : numeric!;
        set('fsid', true);
      } else if ((value.match(/[0-9a-fA-F]/g) ?? []).length === 32) options.uuid = value;
      else return { error: `command line: 0: bad fsid "${option}"\n` };
    } else if (/^(mountpoint|mp)(=.*)?$/.test(option)) {
      options.mountpoint = option.includes('=') ? value : '';
    } else if (/^(refer|replicas)=/.test(option)) {
      options.fsloc = { method: option.startsWith('refer') ? 'refer' : 'replicas', data: value };
    } else if (/^squash_[ug]ids=/.test(option)) {
      continue;
    } else if (option.startsWith('sec=')) {
      active = [];
      for (const flavor of value.split(':')) {
        if (!FLAVORS.has(flavor)) return { error: `unknown flavor ${flavor}\n` };
        active.push(addFlavor(options, flavor, [...flags]));
      }
    } else return { error: `command line:0: unknown keyword "${option}"\n` };
  }
  options.flags = [...flags];
  return options;
}

function addFlavor(options: ExportOptions, flavor: string, flags: ExportFlag[]): number {
  const number = FLAVORS.get(flavor);
  const existing = options.secinfo.findIndex((entry) => FLAVORS.get(entry.flavor) === number);
  if (existing !== -1) return existing;
  options.secinfo.push({ flavor, flags });
  return options.secinfo.length - 1;
}

// strtoul(3) with base 0, as parseopts reads a numeric fsid.
function parseCNumber(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

/** The `(…)` of one `exportfs -v` line: options in dump()'s order, then each flavor's flags (fixture 26). */
export function renderExportOptions(options: ExportOptions): string {
  const flags = new Set(options.flags);
  const parts = [
    flags.has('async') ? 'async' : 'sync', flags.has('wdelay') ? 'wdelay' : 'no_wdelay', flags.has('nohide') ? 'nohide' : 'hide',
  ];
  const optional: [ExportFlag, string][] = [['crossmnt', 'crossmnt'], ['nosubtreecheck', 'no_subtree_check'],
    ['noauthnlm', 'insecure_locks'], ['nordirplus', 'nordirplus'], ['security_label', 'security_label'],
    ['noacl', 'no_acl'], ['pnfs', 'pnfs']];
  for (const [flag, text] of optional) if (flags.has(flag)) parts.push(text);
  if (flags.has('fsid')) parts.push(`fsid=${options.fsid}`);
  if (options.uuid !== null) parts.push(`fsid=${options.uuid}`);
  if (options.mountpoint !== null) parts.push(`mountpoint${options.mountpoint === '' ? '' : `=${options.mountpoint}`}`);
  if (options.anonuid !== 65534) parts.push(`anonuid=${options.anonuid}`);
  if (options.anongid !== 65534) parts.push(`anongid=${options.anongid}`);
  if (options.fsloc !== null) parts.push(`${options.fsloc.method}=${options.fsloc.data}`);
  return `(${[...parts, ...renderSecinfo(options)].join(',')})`;
}

function renderSecinfo(options: ExportOptions): string[] {
  const secinfo = options.secinfo.length > 0 ? options.secinfo : [{ flavor: 'sys', flags: options.flags }];
  const key = (flags: readonly ExportFlag[]): string => SECINFO_FLAGS.filter((flag) => flags.includes(flag)).join();
  const parts: string[] = [];
  for (let at = 0; at < secinfo.length;) {
    const group = [secinfo[at]!];
    while (at + group.length < secinfo.length && key(secinfo[at + group.length]!.flags) === key(group[0]!.flags)) {
      group.push(secinfo[at + group.length]!);
    }
    const flags = new Set(group[0]!.flags);
    parts.push(`sec=${group.map((entry) => entry.flavor).join(':')}`, flags.has('readonly') ? 'ro' : 'rw',
      flags.has('insecure') ? 'insecure' : 'secure', flags.has('rootsquash') ? 'root_squash' : 'no_root_squash',
      flags.has('allsquash') ? 'all_squash' : 'no_all_squash');
    at += group.length;
  }
  return parts;
}
