// Turns the text of a config file into a validated Config, or a ConfigError listing every problem at once.
// Pure: no file system, no clock; the system's time zone is asked for only by `timezone = local`.
import { posix } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { ConfigIssue } from '../errors.ts';
import type { Config, ExpireRule, VolumeConfig } from './types.ts';
import { scanIni } from './ini-scan.ts';
import type { IniSection } from './ini-scan.ts';
import { readSection } from './read-section.ts';
import type { SectionInput } from './read-section.ts';
import { readVolume } from './read-volume.ts';
import { CONFIG_SCHEMA, classifySection } from './schema.ts';
import { findClosest } from './suggest.ts';
import { checkVolumeOverlaps } from './volume-overlaps.ts';
import type { VolumePlaces } from './volume-overlaps.ts';

/**
 * Validates `text`, read from the absolute `path` (named in errors; a relative statefile is relative to its
 * folder). Throws ConfigError with every issue found, ordered by line.
 */
export function parseConfig(text: string, path: string, systemTimezone: () => string): Config {
  const scan = scanIni(text);
  const issues = [...scan.issues];
  const context = { configDir: posix.dirname(path), systemTimezone };
  const findSection = (name: string): SectionInput =>
    scan.sections.find((section) => section.name === name) ?? { name, entries: new Map() };

  const main = readSection('main', CONFIG_SCHEMA.main.keys, findSection('main'), context, issues).complete;
  const logging = readSection('logging', CONFIG_SCHEMA.logging.keys, findSection('logging'), context, issues).complete;
  const expireRules: ExpireRule[] = [];
  const volumes: VolumeConfig[] = [];
  const places: VolumePlaces[] = [];
  for (const section of scan.sections) {
    const kind = classifySection(section.name);
    if (kind === 'expire') {
      const rule = readSection(kind, CONFIG_SCHEMA.expire.keys, section, context, issues).complete;
      if (rule) expireRules.push({ name: section.name, match: rule.match, expireAfter: rule.expire_after });
    } else if (kind === 'volume') {
      const misnamed = describeMisnamedSection(section);
      if (misnamed !== undefined) {
        issues.push({ section: section.name, line: section.line, message: misnamed });
        continue;
      }
      const read = readVolume(section, context, issues);
      places.push(read.places);
      if (read.volume) volumes.push(read.volume);
    }
  }
  issues.push(...checkVolumeOverlaps(places));

  if (issues.length > 0 || main === undefined || logging === undefined) {
    throw new ConfigError(path, sortByLine(issues));
  }
  return {
    path,
    enabled: main.enabled,
    statefile: main.statefile,
    lvmTag: main.lvm_tag,
    lockFile: main.lock_file,
    timezone: main.timezone,
    maxPoolDataPercent: main.max_pool_data_percent,
    maxPoolMetadataPercent: main.max_pool_metadata_percent,
    concurrency: main.concurrency,
    workerThreadsFrom: main.worker_threads_from,
    metricsFile: main.metrics_file,
    timeouts: {
      lvm: main.lvm_timeout,
      mount: main.mount_timeout,
      exportfs: main.exportfs_timeout,
      blkid: main.blkid_timeout,
      pipeline: main.pipeline_timeout,
    },
    logLevel: logging.loglevel,
    expireRules,
    volumes,
  };
}

/**
 * Why a section that would be read as a volume was probably meant as something else (`[Main]`, `[loging]`,
 * `[expire-daily]`); undefined when it looks like a volume. A real volume names its vg or lv, so `[mail]` with
 * `vg = …` stays a volume.
 */
function describeMisnamedSection(section: IniSection): string | undefined {
  // Python's configparser gives [DEFAULT]'s keys to every section; here it would be a volume missing its keys.
  if (section.name === 'DEFAULT') {
    return '[DEFAULT] is not supported: its keys are not given to the other sections; write them into each section';
  }
  if (section.entries.has('vg') || section.entries.has('lv')) return undefined;
  const name = section.name.toLowerCase();
  if (name.startsWith('expire')) {
    return 'read as a volume (it has no vg or lv); expire sections are named `[expire_<name>]`, with an underscore';
  }
  const closest = findClosest(name, ['main', 'logging']);
  if (closest === undefined) return undefined;
  return `read as a volume (it has no vg or lv); did you mean \`[${closest}]\`? Section names are case-sensitive`;
}

function sortByLine(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
