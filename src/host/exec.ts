// The real command runner: the only place a process is started. No shell, an argument array, C locale (the
// parsers read lvm's, mount's and exportfs's English messages), a deadline that kills, output kept as text.

import { execa } from 'execa';
import type { CommandRequest, CommandResult, CommandRunner } from './command.ts';
import { buildSearchPath } from './binaries.ts';

// An `lvs` row of LVS_FIELDS is about 700 bytes, and a large host (5,000 volumes with a day of hourly snapshots
// each) has over 100,000 LVs, so 256 MiB leaves room for three times that; stderr only ever carries messages.
// Past these limits the command is stopped and reported as failed rather than filling memory.
const MAX_STDOUT_BYTES = 256 * 1024 * 1024;
const MAX_STDERR_BYTES = 1024 * 1024;

// A command that ignores SIGTERM at its deadline gets SIGKILL this long after it.
const FORCE_KILL_AFTER_MS = 5000;

export interface ExecLimits {
  maxStdoutBytes: number;
  maxStderrBytes: number;
}

/** A CommandRunner that starts real processes through execa. */
export function createExecRunner(limits: ExecLimits = { maxStdoutBytes: MAX_STDOUT_BYTES, maxStderrBytes: MAX_STDERR_BYTES }): CommandRunner {
  return { run: (request) => runCommand(request, limits) };
}

async function runCommand(request: CommandRequest, limits: ExecLimits): Promise<CommandResult> {
  const [file, ...args] = request.argv;
  if (file === undefined) throw new Error('cannot run an empty argv');
  const subprocess = execa(file, args, {
    reject: false,
    shell: false,
    stdin: 'ignore',
    extendEnv: true,
    env: {
      LC_ALL: 'C',
      PATH: buildSearchPath(process.env.PATH),
      // lvm warns on stderr about every inherited file descriptor (cron and systemd leave some open); the warning
      // is noise, not a problem of ours (lvm(8), ENVIRONMENT VARIABLES: LVM_SUPPRESS_FD_WARNINGS).
      LVM_SUPPRESS_FD_WARNINGS: '1',
    },
    // Its own process group, so the deadline reaches helpers it started too (mount runs mount.<type>, a shell
    // script its children): killing only the direct child would leave them holding stdout open, and the run
    // would wait for them however long they take.
    detached: true,
    maxBuffer: { stdout: limits.maxStdoutBytes, stderr: limits.maxStderrBytes },
    stripFinalNewline: false,
  });
  const deadline = scheduleGroupKill(subprocess.pid, request.timeoutMs);
  const result = await subprocess;
  deadline.cancel();

  const base = { argv: [...request.argv], stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
  const spawnError = describeSpawnError(file, result.code, result.exitCode, result.originalMessage);
  if (spawnError !== undefined) return { ...base, exitCode: null, timedOut: false, spawnError };
  if (deadline.fired()) return { ...base, exitCode: null, timedOut: true };
  if (result.isMaxBuffer) {
    const note = `lvmsnapper: stopped ${file}: its output was larger than ${limits.maxStdoutBytes} bytes (stdout) `
      + `or ${limits.maxStderrBytes} bytes (stderr)\n`;
    return { ...base, stderr: base.stderr + note, exitCode: null, timedOut: false };
  }
  return { ...base, exitCode: result.exitCode ?? null, timedOut: false };
}

interface Deadline {
  fired(): boolean;
  cancel(): void;
}

// SIGTERM to the whole process group at the deadline, SIGKILL FORCE_KILL_AFTER_MS later if it is still there.
function scheduleGroupKill(pid: number | undefined, timeoutMs: number): Deadline {
  let fired = false;
  const timers: NodeJS.Timeout[] = [];
  if (pid !== undefined && timeoutMs > 0) {
    timers.push(setTimeout(() => {
      fired = true;
      signalGroup(pid, 'SIGTERM');
      timers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), FORCE_KILL_AFTER_MS));
    }, timeoutMs));
  }
  return {
    fired: () => fired,
    cancel: () => timers.forEach(clearTimeout),
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what the signal was for.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// Errors that mean the process never ran: `code` is the errno of spawn(); a process that ran has an exit code or
// was killed by a signal.
function describeSpawnError(file: string, code: string | undefined, exitCode: number | undefined,
  message: string | undefined): string | undefined {
  if (exitCode !== undefined) return undefined;
  if (code === 'ENOENT') return `${file}: not found on PATH`;
  if (code === 'EACCES') return `${file}: permission denied (not executable)`;
  if (code !== undefined && code.startsWith('E')) return `${file}: could not be started: ${message ?? code}`;
  return undefined;
}
