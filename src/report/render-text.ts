// The readable form of a run report: one line per action, then notices and orphans. Reads the same RunReport
// object as the JSON output.
import type { ActionReport, RunReport, VolumeReport } from './types.ts';

export interface TextOptions {
  /**
   * What cron should mail: actions that need attention (failed, refused, pool_full), and what a run found changed
   * behind its back and set right (a snapshot removed or unmounted by hand: forgotten or repaired), said once;
   * `mount-all` (cron's @reboot job) repairs by design and mails only problems.
   */
  problemsOnly: boolean;
}

/** The report as text; empty when `problemsOnly` and all is well. */
export function renderRunText(report: RunReport, options: TextOptions): string {
  const lines: string[] = [];
  for (const volume of report.volumes) {
    for (const action of volume.actions) {
      if (options.problemsOnly && !isWorthMailing(action, report.command)) continue;
      lines.push(formatAction(volume, action));
      // A planned refusal's error is its reason, already on the line.
      if (action.error !== undefined && action.error !== action.reason && action.status !== 'pool_full') lines.push(`    ${action.error}`);
    }
  }
  for (const notice of report.notices) lines.push(`notice: ${notice}`);
  if (!options.problemsOnly) for (const orphan of report.orphans) lines.push(`orphan: ${orphan.vg}/${orphan.lv}: ${orphan.reason}`);
  if (lines.length === 0) return '';
  const header = options.problemsOnly ? [] : [`${report.command}${report.dryRun ? ' (dry run)' : ''} at ${report.now}: ${summarize(report)}`];
  return `${[...header, ...lines].join('\n')}\n`;
}

/** `3 ok, 1 failed`. */
export function summarize(report: RunReport): string {
  const parts = Object.entries(report.summary).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`);
  return parts.length > 0 ? parts.join(', ') : 'no volumes';
}

/** A problem, or (for any command but mount-all, whose whole work after a reboot is repairs) a change set right. */
function isWorthMailing(action: ActionReport, command: string): boolean {
  if (['failed', 'refused', 'pool_full'].includes(action.status)) return true;
  return command !== 'mount-all' && (action.kind === 'forget' || action.kind === 'repair');
}

function formatAction(volume: VolumeReport, action: ActionReport): string {
  const snapshot = action.snapshot ?? '-';
  return `${pad(volume.volume, 16)} ${pad(action.kind, 7)} ${pad(action.status, 9)} ${pad(snapshot, 34)} ${action.reason}`;
}

/** Left-aligns `text` in a column of `width` (longer text is kept whole). */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
