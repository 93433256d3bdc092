// Reads a volume section: the per-key checks of the schema plus the rules that tie its keys together.
import type { ConfigIssue } from '../errors.ts';
import type { VolumeConfig } from './types.ts';
import type { VolumePlaces } from './volume-overlaps.ts';
import { readSection } from './read-section.ts';
import type { SectionInput } from './read-section.ts';
import { CONFIG_SCHEMA } from './schema.ts';
import type { ValueContext } from './schema.ts';

/** The volume where it is valid, and in any case the places it names, for the checks across sections. */
export function readVolume(
  section: SectionInput, context: ValueContext, issues: ConfigIssue[],
): { volume: VolumeConfig | undefined; places: VolumePlaces } {
  const issueCount = issues.length;
  const { values, complete } = readSection('volume', CONFIG_SCHEMA.volume.keys, section, context, issues);
  const lineOf = (key: string): number | undefined => section.entries.get(key)?.line ?? section.line;
  const report = (key: string, message: string): void => {
    issues.push({ section: section.name, key, line: lineOf(key), message });
  };

  // As everywhere, an empty value is no value (`snapshot_size =` is not a size).
  const sizeGiven = (section.entries.get('snapshot_size')?.value.trim() ?? '') !== '';
  if (values.snapshot_type === 'thick' && !sizeGiven) {
    report('snapshot_size', `${section.entries.has('snapshot_size') ? 'is empty' : 'missing'}: a thick snapshot needs its own space (e.g. \`snapshot_size = 10%ORIGIN\`)`);
  } else if (values.snapshot_type === 'thin' && sizeGiven) {
    report('snapshot_size', 'only for `snapshot_type = thick`: a thin snapshot takes its space from the thin pool');
  }

  const places = {
    name: section.name, lineOf, vg: values.vg, lv: values.lv, snapdir: values.snapdir, linkdir: values.linkdir,
  };
  if (complete === undefined || issues.length > issueCount) return { volume: undefined, places };
  return {
    volume: {
      name: section.name,
      vg: complete.vg,
      lv: complete.lv,
      mount: complete.mount,
      snapdir: complete.snapdir,
      linkdir: complete.linkdir,
      mountOptions: complete.mountoptions,
      nfsExports: complete.nfsexports ?? [],
      nfsOptions: complete.nfsoptions,
      snapshotType: complete.snapshot_type,
      snapshotSize: complete.snapshot_size,
    },
    places,
  };
}
