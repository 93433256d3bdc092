// Runs the steps of one volume's pipeline and records each one (command, duration, error) for the report. A
// pipeline has one deadline: every command gets at most what is left of it.
import type { CommandRunner, CommandResult } from '../host/command.ts';
import { describeFailure, succeeded } from '../host/command.ts';
import { monotonicMs } from '../coordinator/monotonic-clock.ts';
import { NO_SLOT, withVgSlot, type VgGateHandle } from '../coordinator/vg-gate.ts';
import type { StepName, StepReport } from '../report/types.ts';
import { classifyLvmWarnings } from '../lvm/commands.ts';

export interface StepContext {
  runner: CommandRunner;
  gate: VgGateHandle;
  /** monotonicMs() value after which the pipeline stops starting commands. */
  deadline: number;
}

export interface CommandStep {
  step: StepName;
  argv: string[];
  timeoutMs: number;
  /** Hold a slot of this VG's gate while the command runs (LVM metadata commands). */
  vg?: string;
  /** A failure that means "already done" (umount of something not mounted): recorded as ok. */
  isAlreadyDone?: (result: CommandResult) => boolean;
}

const TIMED_OUT_BEFORE = 'pipeline timed out before this step';

/** Records steps in order; the first failure stops the action. */
export class StepRecorder {
  readonly steps: StepReport[] = [];
  constructor(private readonly context: StepContext) {}

  /** Runs a command step; returns its result when it succeeded (or was already done), undefined when it failed. */
  async command(spec: CommandStep): Promise<CommandResult | undefined> {
    // The time left is taken when the command would start: waiting for the VG's LVM slot can use it all up.
    const run = async (): Promise<CommandResult | undefined> => {
      const remaining = this.context.deadline - monotonicMs();
      if (remaining <= 0) return undefined;
      const timeoutMs = spec.timeoutMs > 0 ? Math.min(spec.timeoutMs, remaining) : remaining;
      return this.context.runner.run({ argv: spec.argv, timeoutMs: Math.ceil(timeoutMs) });
    };
    const result = spec.vg === undefined ? await run() : await withVgSlot(this.context.gate, spec.vg, run, this.context.deadline);
    if (result === undefined || result === NO_SLOT) {
      this.steps.push({ step: spec.step, status: 'failed', command: [...spec.argv], durationMs: 0, error: TIMED_OUT_BEFORE });
      return undefined;
    }
    const ok = succeeded(result) || (spec.isAlreadyDone?.(result) ?? false);
    // lvm prints some warnings on stdout and some on stderr (fixture 03); both belong in the report, not in cron mail.
    const warnings = [...lines(result.stdout).filter((line) => line.startsWith('WARNING:')), ...classifyLvmWarnings(result.stderr).warnings];
    this.steps.push({
      step: spec.step,
      status: ok ? 'ok' : 'failed',
      command: [...spec.argv],
      durationMs: round(result.durationMs),
      ...(ok ? {} : { error: describeFailure(result) }),
      ...(ok && warnings.length > 0 ? { warnings } : {}),
    });
    return ok ? result : undefined;
  }

  /** Runs a filesystem step; returns its value, or undefined when it threw. */
  async local<T>(step: StepName, task: () => Promise<T>, describe?: (value: T) => string): Promise<T | undefined> {
    const started = monotonicMs();
    if (started >= this.context.deadline) {
      this.steps.push({ step, status: 'failed', durationMs: 0, error: TIMED_OUT_BEFORE });
      return undefined;
    }
    try {
      const value = await task();
      const detail = describe?.(value);
      this.steps.push({ step, status: 'ok', durationMs: round(monotonicMs() - started), ...(detail ? { detail } : {}) });
      return value;
    } catch (error) {
      this.steps.push({ step, status: 'failed', durationMs: round(monotonicMs() - started), error: (error as Error).message });
      return undefined;
    }
  }

  /** Records something left alone on purpose. */
  refused(step: StepName, reason: string): void {
    this.steps.push({ step, status: 'refused', durationMs: 0, error: reason });
  }

  get failed(): boolean {
    return this.steps.some((step) => step.status === 'failed');
  }
}

/** StepReport.batch of a command carrying `size` snapshots: numbered among the run's such commands; none for one. */
export function batchOf(size: number, nextBatchCall: () => number): StepReport['batch'] {
  return size > 1 ? { call: nextBatchCall(), size } : undefined;
}

/**
 * One snapshot's step of a command that may have acted for several (a VG's umount or lvremove): the whole command when
 * it carried this snapshot alone, else this snapshot's share of it (`ownArgv`) and the batch it was part of.
 */
export function shareOfCommand(step: StepName, argv: string[], run: CommandResult, batch: StepReport['batch'],
  ownArgv: () => string[], error: string | undefined): StepReport {
  return {
    step,
    status: error === undefined ? 'ok' : 'failed',
    command: batch === undefined ? argv : ownArgv(),
    ...(batch === undefined ? {} : { batch }),
    durationMs: round(run.durationMs),
    ...(error === undefined ? {} : { error }),
  };
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
