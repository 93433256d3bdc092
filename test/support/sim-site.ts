// An in-process simulated site for integration tests: world, config file in a temp folder, and a way to run the CLI
// against it in this process.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/main.ts';
import { createSimHost, type SimHost } from '../../src/sim/index.ts';
import { asHost } from '../../src/sim/as-host.ts';
import { populateSite, siteConfigText, sitePaths, type SiteSpec } from '../../src/sim/sample-site.ts';
import type { RunReport } from '../../src/report/types.ts';
import { makeTempDir } from './temp-dir.ts';

export interface SimSite {
  root: string;
  sim: SimHost;
  paths: ReturnType<typeof sitePaths>;
  /** Runs the CLI in this process; returns the exit code and what it printed. */
  cli(argv: string[], pool?: 'threads' | 'in-thread'): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `--json --now <now> <command>`, parsed. */
  runAt(now: Date, command?: string): Promise<{ code: number; report: RunReport; stderr: string }>;
}

/** Builds a site with these volumes and rules in a fresh temp folder. */
export async function createSimSite(spec: Omit<SiteSpec, 'root'>, options: { seed?: number; worldDir?: boolean } = {}): Promise<SimSite> {
  const root = makeTempDir('test');
  const sim = createSimHost({ seed: options.seed ?? 7, ...(options.worldDir ? { dir: join(root, 'world') } : {}) });
  const full = { ...spec, root };
  await populateSite(sim.control, full);
  const paths = sitePaths(root);
  await writeFile(paths.config, siteConfigText(full));
  const host = asHost(sim);
  const cli: SimSite['cli'] = async (argv, pool = 'in-thread') => {
    let stdout = '';
    let stderr = '';
    const code = await main(['-c', paths.config, ...argv], {
      stdout: { write: (text) => { stdout += text; }, isTty: false },
      stderr: { write: (text) => { stderr += text; }, isTty: false },
      env: {},
      host,
      pool,
    });
    return { code, stdout, stderr };
  };
  return {
    root, sim, paths, cli,
    runAt: async (now, command = 'run') => {
      const result = await cli(['--json', '--now', now.toISOString(), command]);
      if (result.stdout.trim() === '') throw new Error(`no report (exit ${result.code}): ${result.stderr}`);
      return { code: result.code, report: JSON.parse(result.stdout) as RunReport, stderr: result.stderr };
    },
  };
}
