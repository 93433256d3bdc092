// Checks across volume sections: two sections must not snapshot the same LV, and their folders must not collide.
// Every snapshot of a run gets the same `@GMT-…` name, so two volumes sharing a snapdir or linkdir would fight over
// one folder, and a folder inside a snapdir would sit next to (or inside) mounted read-only snapshots.
import type { ConfigIssue } from '../errors.ts';

/** What a volume section names, as far as it could be read. */
export interface VolumePlaces {
  name: string;
  /** Line of a key, or of the section header when the key is absent. */
  lineOf(key: string): number | undefined;
  vg?: string;
  lv?: string;
  snapdir?: string;
  linkdir?: string;
}

/**
 * Issues for volumes that overlap an earlier one, or whose folders lie inside a snapdir. Linear in the number of
 * volumes (times the depth of the paths): hosts have thousands.
 */
export function checkVolumeOverlaps(volumes: readonly VolumePlaces[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // The first volume naming each LV, snapdir and linkdir: a later one is reported as a duplicate of it.
  const lvOwners = new Map<string, VolumePlaces>();
  const snapdirOwners = new Map<string, VolumePlaces>();
  const linkdirOwners = new Map<string, VolumePlaces>();
  for (const volume of volumes) {
    if (volume.vg !== undefined && volume.lv !== undefined) claim(lvOwners, `${volume.vg}/${volume.lv}`, volume);
    if (volume.snapdir !== undefined) claim(snapdirOwners, volume.snapdir, volume);
    if (volume.linkdir !== undefined) claim(linkdirOwners, volume.linkdir, volume);
  }
  for (const volume of volumes) {
    const report = (key: string, message: string): void => {
      issues.push({ section: volume.name, key, line: volume.lineOf(key), message });
    };
    const sameLv = volume.vg !== undefined && volume.lv !== undefined ? lvOwners.get(`${volume.vg}/${volume.lv}`) : undefined;
    if (sameLv !== undefined && sameLv !== volume) report('lv', `${volume.vg}/${volume.lv} is already configured in [${sameLv.name}]`);
    const sameSnapdir = volume.snapdir !== undefined ? snapdirOwners.get(volume.snapdir) : undefined;
    if (sameSnapdir !== undefined && sameSnapdir !== volume) report('snapdir', `${volume.snapdir} is also the snapdir of [${sameSnapdir.name}]`);
    const sameLinkdir = volume.linkdir !== undefined ? linkdirOwners.get(volume.linkdir) : undefined;
    if (sameLinkdir !== undefined && sameLinkdir !== volume) report('linkdir', `${volume.linkdir} is also the linkdir of [${sameLinkdir.name}]`);

    if (volume.snapdir !== undefined) {
      for (const [snapdir, owner] of snapdirsAbove(volume.snapdir, snapdirOwners)) {
        report('snapdir', `${volume.snapdir} is inside the snapdir of [${owner.name}] (${snapdir})`);
      }
    }
    if (volume.linkdir !== undefined) {
      const own = snapdirOwners.get(volume.linkdir);
      const containing = own !== undefined ? [[volume.linkdir, own] as const] : snapdirsAbove(volume.linkdir, snapdirOwners);
      for (const [snapdir, owner] of containing) {
        const whose = owner === volume ? 'this volume\'s own snapdir' : `the snapdir of [${owner.name}]`;
        report('linkdir', `${volume.linkdir} is ${volume.linkdir === snapdir ? '' : 'inside '}${whose}`);
      }
    }
  }
  return issues;
}

function claim(owners: Map<string, VolumePlaces>, key: string, volume: VolumePlaces): void {
  if (!owners.has(key)) owners.set(key, volume);
}

/** The configured snapdirs strictly above normalised absolute `path`, nearest last. */
function snapdirsAbove(path: string, snapdirOwners: ReadonlyMap<string, VolumePlaces>): (readonly [string, VolumePlaces])[] {
  const found: (readonly [string, VolumePlaces])[] = [];
  for (let cut = path.indexOf('/', 1); cut > 0; cut = path.indexOf('/', cut + 1)) {
    const ancestor = path.slice(0, cut);
    const owner = snapdirOwners.get(ancestor);
    if (owner !== undefined) found.push([ancestor, owner]);
  }
  const root = snapdirOwners.get('/');
  return root !== undefined && path !== '/' ? [['/', root] as const, ...found] : found;
}
