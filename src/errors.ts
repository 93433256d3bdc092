// The few process-level error kinds. Per-volume failures are data in reports, never exceptions; these are
// turned into exit codes in exactly one place (main.ts).

/** Exit codes of SPEC §5. */
export const ExitCode = {
  ok: 0,
  volumeFailed: 1,
  usage: 2,
  lockHeld: 75,
} as const;

/** One thing wrong in a configuration file. */
export interface ConfigIssue {
  section?: string;
  key?: string;
  /** 1-based line in the file, where known. */
  line?: number;
  message: string;
}

/** The configuration (or the command line) cannot be used; every issue is listed at once. Exit 2. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(`${file}: ${issues.length} error${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** A bad command line (unknown volume, bad --now). Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Another run holds the global lock. Exit 75. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
}

/** The host cannot be used at all (lvm missing, inventory unreadable): nothing was changed. Exit 1. */
export class HostError extends Error {
  override name = 'HostError';
}

/** A human-readable line for one config issue: `[section] key (line N): message`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = [
    issue.section !== undefined ? `[${issue.section}]` : undefined,
    issue.key,
    issue.line !== undefined ? `(line ${issue.line})` : undefined,
  ].filter((part) => part !== undefined).join(' ');
  return `  ${where ? `${where}: ` : ''}${issue.message}`;
}
