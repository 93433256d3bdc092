// The one boundary every external command crosses: an argument vector in; exit code, stdout and stderr out.
// The real host (execa) and the simulated host both implement CommandRunner, so argv building and output
// parsing run the same code path on both.

/** What a caller asks for: the argv (argv[0] is the binary name from the binaries table) and a deadline. */
export interface CommandRequest {
  argv: readonly string[];
  /** Kill the command after this many milliseconds; 0 means no timeout. */
  timeoutMs: number;
}

/** What came back, shaped like execa's result so reports can carry it unchanged. */
export interface CommandResult {
  argv: readonly string[];
  /** Exit code; null when the command was killed (timeout) or could not be started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** Set when the binary could not be started at all (ENOENT, EACCES): the message explains why. */
  spawnError?: string;
}

/**
 * At most this many targets (folders, client:/path pairs) in one command that carries several, well inside the
 * kernel's argument size limit.
 */
export const MAX_TARGETS_PER_COMMAND = 512;

/** Runs one command without a shell; never throws for a non-zero exit, only returns it. */
export interface CommandRunner {
  run(request: CommandRequest): Promise<CommandResult>;
}

/** True when the command ran to completion with exit code 0. */
export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.timedOut && result.spawnError === undefined;
}

/** A one-line description of a failed command for reports and errors. */
export function describeFailure(result: CommandResult): string {
  const command = result.argv.join(' ');
  if (result.spawnError !== undefined) return `${command}: ${result.spawnError}`;
  if (result.timedOut) return `${command}: timed out after ${Math.round(result.durationMs)} ms`;
  const stderr = result.stderr.trim().split('\n').map((line) => line.trim()).filter(Boolean).join(' / ');
  return `${command}: exit ${result.exitCode}${stderr ? `: ${stderr}` : ''}`;
}
