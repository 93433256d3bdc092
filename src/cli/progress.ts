// A progress bar on a terminal for runs over many volumes; nothing at all otherwise (cron, pipes, --json to a file).
import type { Output } from './context.ts';

const MIN_VOLUMES = 20;

export interface Progress {
  tick(): void;
  stop(): void;
}

/** A bar on stderr when it is a terminal and the run is large enough to be worth one. */
export async function createProgress(stderr: Output, total: number): Promise<Progress> {
  if (!stderr.isTty || total < MIN_VOLUMES) return { tick: () => {}, stop: () => {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'volumes {bar} {value}/{total} {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
