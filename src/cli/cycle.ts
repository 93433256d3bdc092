// run, plan, snapshot, expire, remove and mount-all: one coordinator cycle each, differing only in what is planned.
import { acquireRunLock } from '../coordinator/lock.ts';
import { describeInventoryScope, readInventory } from '../coordinator/inventory.ts';
import { executeCycle, type CycleResult } from '../coordinator/run-cycle.ts';
import { ExitCode, UsageError } from '../errors.ts';
import { assemblePlan, describePlanJobs, planContext, type RunScope } from '../plan/plan-run.ts';
import type { Plan } from '../plan/types.ts';
import { buildRunReport, reportPlannedVolumes } from '../report/build-report.ts';
import { renderMetrics, writeMetricsFile } from '../report/metrics.ts';
import { renderRunText } from '../report/render-text.ts';
import type { RunReport } from '../report/types.ts';
import type { State } from '../state/state-schema.ts';
import { loadState, readStateForInspection } from '../state/state-store.ts';
import type { CommandContext } from './context.ts';
import { createProgress } from './progress.ts';

export interface CycleCommand {
  command: string;
  dryRun: boolean;
  scope: RunScope;
}

/** Volumes per planning task: enough to keep messages few, small enough to spread over the workers. */
const PLAN_BATCH = 200;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Runs one cycle (or plans it), prints the report, and returns the exit code. */
export async function runCycleCommand(context: CommandContext, request: CycleCommand): Promise<number> {
  const { config } = context;
  if (!config.enabled && !request.dryRun) {
    const notice = `lvmsnapper is disabled in ${config.path} ([main] enabled = false): nothing was changed`;
    if (context.json) printRunReport(context, disabledReport(request.command, context.now, notice), false);
    else context.stdout.write(`${notice}\n`);
    return 0;
  }
  const report = request.dryRun ? await planOnly(context, request) : await executeLocked(context, request);
  printRunReport(context, report, request.dryRun);
  return report.exitCode;
}

/** The report of a command that did nothing because the config is disabled: no volumes, the reason as a notice. */
function disabledReport(command: string, now: Date, notice: string): RunReport {
  const at = new Date();
  return buildRunReport({
    command, dryRun: false, now, startedAt: at, finishedAt: at, plan: { now: now.toISOString(), volumes: [], orphans: [] },
    inventory: { lvs: [], missingVgs: [], mounts: [], exports: [], links: [], mountDirs: [] }, volumes: [], notices: [notice],
  });
}

/** `plan` / `run --dry-run`: no lock, no changes, the per-volume planning fanned out over the pool. */
async function planOnly(context: CommandContext, request: CycleCommand): Promise<RunReport> {
  const startedAt = new Date();
  const { state, notices } = await readStateForInspection(context.config.statefile, context.config.lvmTag);
  const inventory = await readInventory(context.host, describeInventoryScope(context.config, state), context.config.timeouts);
  const jobs = describePlanJobs(context.config, inventory, state, request.scope);
  const pool = context.createPool(context.concurrency, jobs.length);
  let plan: Plan;
  try {
    const planning = planContext(context.config, context.now);
    const batches = chunk(jobs, PLAN_BATCH);
    const planned = await Promise.all(batches.map((batch) => pool.plan({ kind: 'plan', context: planning, volumes: batch })));
    const volumes = batches.flatMap((batch, index) => batch.map((job, position) => ({
      volume: job.volume.name, vg: job.volume.vg, entries: planned[index]![position]!,
    })));
    plan = assemblePlan(context.config, inventory, context.now, volumes, request.scope);
  } finally {
    await pool.close();
  }
  checkRemoveNames(plan, request.scope);
  return buildRunReport({
    command: request.command, dryRun: true, now: context.now, startedAt, finishedAt: new Date(),
    plan, inventory, volumes: reportPlannedVolumes(plan), notices,
  });
}

/** Everything that changes the host happens under the run lock. */
async function executeLocked(context: CommandContext, request: CycleCommand): Promise<RunReport> {
  const { config } = context;
  const lock = await acquireRunLock(config.lockFile);
  try {
    const startedAt = new Date();
    const loaded = await loadState(config.statefile, config.lvmTag, startedAt);
    const notices: string[] = [];
    if (loaded.setAside) {
      notices.push(`the state file was unusable (${loaded.setAside.reason}); it was kept as ${loaded.setAside.path} and rebuilt from LVM tags`);
      context.logger.warn({ path: loaded.setAside.path, reason: loaded.setAside.reason }, 'state file set aside');
    }
    const volumes = request.scope.volumes?.size ?? config.volumes.length;
    const pool = context.createPool(context.concurrency, volumes);
    const progress = await createProgress(context.stderr, volumes);
    const whole = isTheCronJob(request.scope);
    let result;
    try {
      result = await executeCycle({
        config, host: context.host, pool, state: loaded.state, now: context.now, scope: request.scope, removal: context.removal,
        checkPlan: (plan) => checkRemoveNames(plan, request.scope),
        onVolumeDone: (volume) => {
          progress.tick();
          context.logger.debug({ volume: volume.volume, status: volume.status, actions: volume.actions }, 'volume done');
        },
      }, config.statefile, (cycle) => recordRun(cycle, request.command, context.now, startedAt, notices, whole));
    } finally {
      progress.stop();
      await pool.close();
    }
    let report = result.recorded;
    if (result.lastWriteError !== undefined) {
      report = withProblem(context, report, `statefile ${config.statefile} was not written after the run: ${result.lastWriteError}; `
        + 'the next run settles it from LVM\'s tags');
    }
    if (whole && config.metricsFile !== undefined) report = await withMetricsFile(context, config.metricsFile, report, result.state);
    logWarnings(context, report);
    return report;
  } finally {
    await lock.release();
  }
}

/** Writes the metrics file after the run; one that cannot be written is a problem of the run (`withProblem`). */
async function withMetricsFile(context: CommandContext, path: string, report: RunReport, state: State): Promise<RunReport> {
  try {
    await writeMetricsFile(path, await renderMetrics(report, state));
    return report;
  } catch (error) {
    return withProblem(context, report, `metrics_file ${path} was not written: ${(error as Error).message}`);
  }
}

/**
 * A file the run could not write after its work was done: the work and the report stand, the report says what
 * failed in a notice (printed under cron too) and the exit code is 1, so that cron mails it.
 */
function withProblem(context: CommandContext, report: RunReport, notice: string): RunReport {
  context.logger.error(notice);
  return { ...report, exitCode: ExitCode.volumeFailed, notices: [...report.notices, notice] };
}

/**
 * Whether the command is the cron job: `run` over every volume. Only its outcome is the host's: the metrics file and
 * the state's last run (what `status` shows) are left as they are by the other commands, each of which does part of
 * the work or for some volumes, so that `snapshot proj` or `@reboot mount-all` does not clear an alert on a volume
 * that every cron run fails.
 */
function isTheCronJob(scope: RunScope): boolean {
  return scope.volumes === undefined && scope.options?.mode === 'cycle';
}

/** The run's report, and (for a run over every volume) its summary in the state, written by the journal's last write. */
function recordRun(cycle: CycleResult, command: string, now: Date, startedAt: Date, notices: readonly string[], whole: boolean): RunReport {
  const finishedAt = new Date();
  const report = buildRunReport({
    command, dryRun: false, now, startedAt, finishedAt,
    plan: cycle.plan, inventory: cycle.inventory, volumes: cycle.volumes, notices: [...notices, ...cycle.notices],
  });
  if (!whole) return report;
  const previousSuccess = cycle.state.lastRun?.lastSuccessAt;
  cycle.state.lastRun = {
    command,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    now: now.toISOString(),
    exitCode: report.exitCode,
    counts: report.summary,
    ...(report.exitCode === 0 ? { lastSuccessAt: finishedAt.toISOString() } : previousSuccess ? { lastSuccessAt: previousSuccess } : {}),
  };
  return report;
}

/**
 * `remove` names what it wants; a name that matches none of our snapshots is a usage error before anything runs,
 * and so is a bare name that matches in several VGs (every snapshot of a run has the same time in its name, so
 * `home` in two VGs makes two `home-<time>`): it must say which, as `VG/NAME`.
 */
function checkRemoveNames(plan: Plan, scope: RunScope): void {
  const wanted = scope.options?.removeNames ?? [];
  if (wanted.length === 0) return;
  const vgsByName = new Map<string, Set<string>>();
  const add = (name: string, vg: string): void => {
    vgsByName.set(name, (vgsByName.get(name) ?? new Set()).add(vg));
  };
  for (const volume of plan.volumes) {
    for (const entry of volume.entries) {
      const lv = entry.kind === 'refuse' ? { vg: entry.vg, name: entry.lv } : entry.kind === 'expire' && entry.requested ? entry.snapshot : undefined;
      if (lv === undefined) continue;
      add(`${lv.vg}/${lv.name}`, lv.vg);
      add(lv.name, lv.vg);
    }
  }
  const unknown = wanted.filter((name) => !vgsByName.has(name));
  if (unknown.length > 0) throw new UsageError(`no snapshot of ours is named ${unknown.join(', ')} (see \`lvmsnapper list\`)`);
  const ambiguous = wanted.filter((name) => vgsByName.get(name)!.size > 1);
  if (ambiguous.length > 0) {
    const where = ambiguous.map((name) => `${name} is in ${[...vgsByName.get(name)!].sort().join(' and ')}`).join('; ');
    throw new UsageError(`${where}: name it as VG/NAME`);
  }
}

/** lvm's warnings go to the debug log; failures to the error log. */
function logWarnings(context: CommandContext, report: RunReport): void {
  for (const volume of report.volumes) {
    for (const action of volume.actions) {
      for (const step of action.steps) {
        if (step.warnings) context.logger.debug({ volume: volume.volume, step: step.step, warnings: step.warnings }, 'command warnings');
      }
      if (action.status === 'failed') context.logger.error({ volume: volume.volume, action: action.kind, error: action.error }, 'action failed');
    }
  }
}

/** JSON, the full table on a terminal, or under cron only what needs attention (so all-well mails nothing). */
export function printRunReport(context: CommandContext, report: RunReport, dryRun: boolean): void {
  if (context.json) {
    context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  context.stdout.write(renderRunText(report, { problemsOnly: !dryRun && !context.stdout.isTty }));
}
