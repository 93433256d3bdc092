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

/** Issues for volumes that overlap an earlier one, or whose folders lie inside a snapdir. */
export function checkVolumeOverlaps(volumes: readonly VolumePlaces[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Each snapdir once, with the first volume naming it: a second one is already reported as a duplicate.
  const snapdirOwners = new Map<string, VolumePlaces>();
  for (const volume of volumes) {
    if (volume.snapdir !== undefined && !snapdirOwners.has(volume.snapdir)) snapdirOwners.set(volume.snapdir, volume);
  }
  volumes.forEach((volume, index) => {
    const report = (key: string, message: string): void => {
      issues.push({ section: volume.name, key, line: volume.lineOf(key), message });
    };
    const earlier = volumes.slice(0, index);
    const sameLv = earlier.find((other) => volume.vg !== undefined && volume.lv !== undefined
      && other.vg === volume.vg && other.lv === volume.lv);
    if (sameLv) report('lv', `${volume.vg}/${volume.lv} is already configured in [${sameLv.name}]`);
    const sameSnapdir = earlier.find((other) => volume.snapdir !== undefined && other.snapdir === volume.snapdir);
    if (sameSnapdir) report('snapdir', `${volume.snapdir} is also the snapdir of [${sameSnapdir.name}]`);
    const sameLinkdir = earlier.find((other) => volume.linkdir !== undefined && other.linkdir === volume.linkdir);
    if (sameLinkdir) report('linkdir', `${volume.linkdir} is also the linkdir of [${sameLinkdir.name}]`);

    for (const [snapdir, owner] of snapdirOwners) {
      if (owner !== volume && volume.snapdir !== undefined && isInside(volume.snapdir, snapdir)) {
        report('snapdir', `${volume.snapdir} is inside the snapdir of [${owner.name}] (${snapdir})`);
      }
      if (volume.linkdir !== undefined && (volume.linkdir === snapdir || isInside(volume.linkdir, snapdir))) {
        const whose = owner === volume ? 'this volume\'s own snapdir' : `the snapdir of [${owner.name}]`;
        report('linkdir', `${volume.linkdir} is ${volume.linkdir === snapdir ? '' : 'inside '}${whose}`);
      }
    }
  });
  return issues;
}

/** Whether normalised absolute `path` lies strictly below `folder`. */
function isInside(path: string, folder: string): boolean {
  return path !== folder && path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
