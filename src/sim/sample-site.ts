// A file server to simulate: VGs with thin pools, ext4 and XFS volumes mounted under a root folder, and the
// matching lvmsnapper config. Used by `demo`, the integration tests and the benchmark, so all three drive the same
// kind of site.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimControl } from './control.ts';
import type { FsType } from './world.ts';

export interface SiteVolume {
  name: string;
  vg: string;
  fs: FsType;
  /** NFS clients; none when empty. */
  clients?: string[];
  /** Make a linkdir `<root>/srv/<name>/.snapshots`. */
  linkdir?: boolean;
  /** A classic snapshot of a linear origin, with this snapshot_size. */
  thickSize?: string;
}

export interface SiteSpec {
  /** Every folder of the site (srv, snapshots, state, lock) lives under this absolute path. */
  root: string;
  volumes: SiteVolume[];
  /** `[expire_*]` sections as INI text. */
  rules: string;
  /** Default `snapper`. */
  lvmTag?: string;
  /** Extra `[main]` lines. */
  main?: string;
  loglevel?: string;
}

const GIB = 1024 ** 3;

/** The folders a site uses. */
export function sitePaths(root: string) {
  return {
    config: join(root, 'lvmsnapper.conf'),
    state: join(root, 'state', 'state.json'),
    lock: join(root, 'lvmsnapper.lock'),
    metrics: join(root, 'metrics.prom'),
    origin: (name: string) => join(root, 'srv', name),
    snapdir: (name: string) => join(root, 'snapshots', name),
    linkdir: (name: string) => join(root, 'srv', name, '.snapshots'),
  };
}

/** Creates the site's VGs, pools and volumes in the simulated world, and their mount folders on disk. */
export async function populateSite(control: SimControl, spec: SiteSpec): Promise<void> {
  const paths = sitePaths(spec.root);
  const vgs = [...new Set(spec.volumes.map((volume) => volume.vg))];
  for (const vg of vgs) {
    const count = spec.volumes.filter((volume) => volume.vg === vg).length;
    control.createVg({ name: vg, sizeBytes: (count * 4 + 64) * GIB });
    control.createThinPool({ vg, name: 'pool', sizeBytes: (count * 2 + 16) * GIB, dataPercent: 10, metadataPercent: 5 });
  }
  for (const volume of spec.volumes) {
    await mkdir(paths.origin(volume.name), { recursive: true });
    control.createVolume({
      vg: volume.vg, name: volume.name, sizeBytes: GIB, fs: volume.fs, mountAt: paths.origin(volume.name),
      ...(volume.thickSize === undefined ? { pool: 'pool' } : {}),
    });
  }
}

/** The lvmsnapper config for the site. */
export function siteConfigText(spec: SiteSpec): string {
  const paths = sitePaths(spec.root);
  const main = [
    '[main]', 'enabled = true', `statefile = ${paths.state}`, `lvm_tag = ${spec.lvmTag ?? 'snapper'}`, `lock_file = ${paths.lock}`,
    `metrics_file = ${paths.metrics}`, ...(spec.main ? [spec.main] : []),
    '', '[logging]', `loglevel = ${spec.loglevel ?? 'warning'}`, '',
  ];
  const volumes = spec.volumes.flatMap((volume) => [
    `[${volume.name}]`, `vg = ${volume.vg}`, `lv = ${volume.name}`, `mount = ${paths.origin(volume.name)}`,
    `snapdir = ${paths.snapdir(volume.name)}`,
    ...(volume.linkdir ? [`linkdir = ${paths.linkdir(volume.name)}`] : []),
    ...(volume.clients && volume.clients.length > 0 ? [`nfsexports = ${volume.clients.join(' ')}`] : []),
    ...(volume.thickSize ? ['snapshot_type = thick', `snapshot_size = ${volume.thickSize}`] : []),
    '',
  ]);
  return [...main, spec.rules, '', ...volumes].join('\n');
}
