// When a snapshot taken at a given instant expires: the longest `expire_after` among the rules that match then.
import type { ExpireRule } from './types.ts';
import { addDuration } from './duration.ts';
import { matchesAt } from './match.ts';

/** The expiry of a snapshot taken at `instant`, with the names of the rules matching then; undefined if none do. */
export function expiryAt(
  rules: readonly ExpireRule[], instant: Date, timezone: string,
): { expiresAt: Date; rules: string[] } | undefined {
  const matching = rules.filter((rule) => matchesAt(rule.match, instant, timezone));
  if (matching.length === 0) return undefined;
  // Compared by the instant they give: `1 month` is 28 to 31 days, so `30 days` is sometimes longer, sometimes not.
  const expiresAt = Math.max(...matching.map((rule) => addDuration(instant, rule.expireAfter, timezone).getTime()));
  return { expiresAt: new Date(expiresAt), rules: matching.map((rule) => rule.name) };
}
