// Runs the real CLI as its own process against a site whose world lives in a folder, with the simulator's fake
// executables first on PATH: what cron would do, and what a SIGKILL can interrupt.
import { spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installFakeBinaries } from '../../src/sim/index.ts';
import type { SimSite } from './sim-site.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const BINARIES = ['lvm', 'mount', 'umount', 'blkid', 'exportfs'];

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnEnv {
  PATH: string;
  LVMSNAPPER_MOUNTINFO: string;
}

/** PATH and mount table for the site's folder world. */
export async function fakeToolsEnv(site: SimSite): Promise<SpawnEnv> {
  const worldDir = site.sim.dir;
  if (worldDir === null) throw new Error('the site needs its world in a folder');
  const binDir = await installFakeBinaries(worldDir);
  return { PATH: `${binDir}:${process.env.PATH ?? ''}`, LVMSNAPPER_MOUNTINFO: join(worldDir, 'mountinfo') };
}

/**
 * Wrappers around the fake tools that count every command the CLI runs (in `<dir>/count`) and SIGKILL the CLI
 * (their parent) right after command number $KILL_AFTER has done its work: a crash between two commands.
 */
export async function installCrashWrappers(dir: string, env: SpawnEnv): Promise<SpawnEnv> {
  await mkdir(dir, { recursive: true });
  const fakeDir = env.PATH.split(':')[0]!;
  for (const name of BINARIES) {
    const script = [
      '#!/bin/sh',
      `"${fakeDir}/${name}" "$@"`,
      'rc=$?',
      `n=$(flock "${dir}/count.lock" sh -c 'n=$(( $(cat "$1" 2>/dev/null || echo 0) + 1 )); echo $n > "$1"; echo $n' sh "${dir}/count")`,
      'if [ "$n" = "${KILL_AFTER:-0}" ]; then kill -9 "$PPID"; fi',
      'exit $rc',
      '',
    ].join('\n');
    await writeFile(join(dir, name), script);
    await chmod(join(dir, name), 0o755);
  }
  return { ...env, PATH: `${dir}:${env.PATH}` };
}

/**
 * Spawns `node --import tsx src/main.ts -c <config> ARGV…`; with `killAfterMs`, SIGKILLs it then (`signal` says so), for
 * runs that must not hang.
 */
export function spawnCli(site: SimSite, argv: string[], env: SpawnEnv & Record<string, string>, killAfterMs?: number): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '-c', site.paths.config, ...argv], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(killAfterMs !== undefined ? { timeout: killAfterMs, killSignal: 'SIGKILL' as const } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
