// The command-line entry of the fake executables: `cli <binary> ARGS…` runs one simulated command against the
// world in $LVMSNAPPER_SIM_WORLD, prints what it answered and exits with its code. An injected hang keeps the
// process alive until it is killed, as a stuck real command would be.

import { executeCommand } from './executor.ts';
import { WORLD_DIR_ENV } from './fake-binaries.ts';
import { probePaths } from './fs-probe.ts';
import { createFileLocks } from './locks.ts';
import { hasWorld, openFolderStore } from './world-store.ts';

async function main(): Promise<number> {
  const [binary, ...args] = process.argv.slice(2);
  const dir = process.env[WORLD_DIR_ENV];
  if (binary === undefined || dir === undefined || !hasWorld(dir)) {
    process.stderr.write(`${binary ?? 'lvmsnapper-sim'}: no simulated world: set ${WORLD_DIR_ENV} to a folder holding world.json\n`);
    return 127;
  }
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const result = await executeCommand(
      { argv: [binary, ...args], timeoutMs: 0 },
      { store: openFolderStore(dir), locks: createFileLocks(dir), probe: probePaths },
    );
    if (result.spawnError !== undefined) {
      process.stderr.write(`${binary}: ${result.spawnError}\n`);
      return 127;
    }
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.exitCode ?? 1;
  } finally {
    clearInterval(keepAlive);
  }
}

// A world that cannot be read is the harness's fault, not the simulated command's: say so, exit EX_SOFTWARE.
process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`${process.argv[2] ?? 'lvmsnapper-sim'}: simulated host: ${(error as Error).message}\n`);
  return 70;
});
