// The configuration reference in Markdown, rendered from the one key table, so the README cannot drift from the
// code (a test compares them).
import { CONFIG_SCHEMA } from './schema.ts';

/** The reference: one table per kind of section. */
export function renderConfigReference(): string {
  const parts: string[] = [];
  for (const kind of Object.values(CONFIG_SCHEMA)) {
    parts.push(`#### \`${kind.header}\`\n\n${kind.doc}\n\n| key | default | accepts | meaning |\n|---|---|---|---|`);
    for (const [key, spec] of Object.entries(kind.keys) as [string, { doc: string; accepted: string; default?: string; required?: boolean }][]) {
      const fallback = spec.default !== undefined ? `\`${spec.default}\`` : spec.required ? '*required*' : '*unset*';
      parts.push(`| \`${key}\` | ${fallback} | ${escapeCell(spec.accepted)} | ${escapeCell(spec.doc)} |`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
