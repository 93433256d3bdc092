// Reads one INI section against its key table: every value parsed, defaults filled in, and every problem
// (unknown key, missing key, bad value) recorded as an issue naming the section, key and line.
import type { ConfigIssue } from '../errors.ts';
import type { IniEntry } from './ini-scan.ts';
import { InvalidValueError } from './invalid-value.ts';
import { CONFIG_SCHEMA } from './schema.ts';
import type { KeySpec, SectionKind, SectionValues, ValueContext } from './schema.ts';
import { findClosest } from './suggest.ts';

/** A section as read from the file; `line` is undefined for a section the file does not have. */
export interface SectionInput {
  name: string;
  line?: number;
  entries: ReadonlyMap<string, IniEntry>;
}

/**
 * Reads a section, pushing its problems onto `issues`. `values` holds what could be read; `complete` is the
 * fully typed section, present only when the section had no problem.
 */
export function readSection<Table extends Record<string, KeySpec<unknown>>>(
  kind: SectionKind, table: Table, section: SectionInput, context: ValueContext, issues: ConfigIssue[],
): { values: Partial<SectionValues<Table>>; complete: SectionValues<Table> | undefined } {
  const values: Record<string, unknown> = {};
  const issueCount = issues.length;
  const report = (key: string, line: number | undefined, message: string): void => {
    issues.push({ section: section.name, key, line, message });
  };

  for (const entry of section.entries.values()) {
    if (!Object.hasOwn(table, entry.key)) report(entry.key, entry.line, describeUnknownKey(entry.key, kind, table));
  }
  for (const [key, spec] of Object.entries(table)) {
    const entry = section.entries.get(key);
    // An empty value means "not set" (`linkdir =` is no linkdir), like a commented-out key.
    const text = entry?.value.trim() || spec.default;
    if (text === undefined) {
      if (spec.required) {
        report(key, entry?.line ?? section.line, entry ? 'is empty; a value is required' : 'missing required key');
      }
      continue;
    }
    try {
      values[key] = spec.parse(text, context);
    } catch (error) {
      if (!(error instanceof InvalidValueError)) throw error;
      report(key, entry?.line, error.message);
    }
  }
  const typed = values as Partial<SectionValues<Table>>;
  // Complete when no issue was added: every required key and every default then parsed.
  return { values: typed, complete: issues.length === issueCount ? typed as SectionValues<Table> : undefined };
}

function describeUnknownKey(key: string, kind: SectionKind, table: Record<string, unknown>): string {
  const closest = findClosest(key, Object.keys(table));
  if (closest !== undefined) return `unknown key; did you mean \`${closest}\`?`;
  const home = (Object.keys(CONFIG_SCHEMA) as SectionKind[])
    .find((other) => other !== kind && Object.hasOwn(CONFIG_SCHEMA[other].keys, key));
  if (home !== undefined) return `unknown key here; \`${key}\` belongs in a ${CONFIG_SCHEMA[home].header} section`;
  return `unknown key (known keys: ${Object.keys(table).join(', ')})`;
}
