// Reads the INI structure line by line, so that every section and key has a line number and nothing is merged
// silently. Values are decoded by the `ini` package's own value decoder (quotes, `\;` escapes, `#`/`;` comments).
// We do not use ini.decode() for the structure: it merges duplicate sections and keys without a word, nests
// dotted section names (`[home.backup]`), turns `true`/`false`/`null` into non-strings, and reads a key with no
// `=` as boolean true; each of those would hide a mistake in the file.
import { unsafe as decodeIniValue } from 'ini';
import type { ConfigIssue } from '../errors.ts';

export interface IniEntry {
  /** Lower-cased: keys are case-insensitive, as in Python's configparser, which the original tool used. */
  key: string;
  value: string;
  line: number;
}

export interface IniSection {
  /** As written (trimmed): section names are case-sensitive, as in configparser. */
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

/** The sections of a file in order, and every structural problem found. */
export interface IniScan {
  sections: IniSection[];
  issues: ConfigIssue[];
}

const COMMENT_LINE = /^\s*[#;]/;
const SECTION_LINE = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const KEY_LINE = /^([^=]*)=(.*)$/;

/** Splits INI text into sections and keys with their line numbers; duplicates and malformed lines become issues. */
export function scanIni(text: string): IniScan {
  const sections: IniSection[] = [];
  const issues: ConfigIssue[] = [];
  const firstSectionLine = new Map<string, number>();
  let current: IniSection | undefined;

  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '' || COMMENT_LINE.test(content)) return;
    const header = SECTION_LINE.exec(content);
    if (header) {
      const name = header[1].trim();
      current = { name, line, entries: new Map() };
      const first = firstSectionLine.get(name);
      if (name === '') {
        issues.push({ line, message: 'empty section name `[]`' });
      } else if (first !== undefined) {
        const message = `duplicate section (first defined at line ${first}); merge the two`;
        issues.push({ section: name, line, message });
      } else {
        firstSectionLine.set(name, line);
        sections.push(current);
      }
      return;
    }
    const assignment = KEY_LINE.exec(content);
    if (!assignment) {
      issues.push({ section: current?.name, line, message: describeMalformedLine(content) });
      return;
    }
    const key = assignment[1].trim().toLowerCase();
    if (key === '') {
      issues.push({ section: current?.name, line, message: 'a line `= value` without a key' });
    } else if (current === undefined) {
      issues.push({ key, line, message: 'key outside any section: put it under a `[section]` header' });
    } else {
      const first = current.entries.get(key);
      if (first !== undefined) {
        issues.push({ section: current.name, key, line, message: `duplicate key (first set at line ${first.line})` });
      } else {
        current.entries.set(key, { key, value: decodeValue(assignment[2]), line });
      }
    }
  });
  return { sections, issues };
}

/** The value as ini reads it, always as text. */
function decodeValue(raw: string): string {
  const decoded: unknown = decodeIniValue(raw);
  if (typeof decoded === 'string') return decoded;
  // ini runs JSON.parse on a single-quoted value after removing the quotes, so `'123'` comes back as a number:
  // single quotes mean "literally this text".
  return raw.trim().slice(1, -1);
}

function describeMalformedLine(content: string): string {
  if (/^\s/.test(content)) {
    return 'indented line without `=`: values cannot continue on the next line; put the whole value on one line';
  }
  if (/^\s*\[/.test(content)) return 'malformed section header: expected `[name]` alone on the line';
  if (content.includes(':')) return 'expected `key = value` (use `=`, not `:`)';
  return 'expected `key = value` or a `[section]` header';
}
