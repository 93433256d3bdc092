// What one run reads from the host before planning: LVM's view, the mount table and the NFS export table.

/** One row of `lvm lvs --reportformat json --units b --nosuffix -o <LVS_FIELDS>`. */
export interface LogicalVolume {
  name: string;
  vg: string;
  uuid: string;
  /** The ten-character lv_attr string, e.g. `Vwi-a-tz-k`. */
  attr: string;
  sizeBytes: number;
  /** Thin pool name, '' when not thin. */
  pool: string;
  /** Origin LV name, '' when not a snapshot. */
  origin: string;
  tags: string[];
  /** undefined where lvs printed an empty string (not applicable). */
  dataPercent?: number;
  metadataPercent?: number;
  snapPercent?: number;
  /** lv_time as printed, e.g. `2026-11-26 23:17:02 +0000`. */
  time: string;
  skipActivation: boolean;
  active: boolean;
  segtype: string;
}

/** One line of /proc/self/mountinfo, with octal escapes (`\040`) decoded. */
export interface MountEntry {
  mountId: number;
  parentId: number;
  /** `major:minor`. */
  device: string;
  root: string;
  target: string;
  mountOptions: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

/** One (path, client) pair of the kernel's export table as `exportfs -v` prints it. */
export interface ExportEntry {
  path: string;
  client: string;
  options: string[];
}

/** A `@GMT-…` entry found in a volume's linkdir; target is undefined when it is not a symbolic link. */
export interface LinkEntry {
  path: string;
  target?: string;
}

/** Everything a run knows about the host when it plans. */
export interface Inventory {
  lvs: LogicalVolume[];
  /** VGs that lvs said do not exist. */
  missingVgs: string[];
  mounts: MountEntry[];
  exports: ExportEntry[];
  /** `@GMT-…` entries of every configured linkdir. */
  links: LinkEntry[];
  /** `@GMT-…` folders that exist in every configured snapdir (absolute paths). */
  mountDirs: string[];
}
