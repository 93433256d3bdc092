// Fake lvm, mount, umount, blkid and exportfs executables for a world in a folder: small sh wrappers that run the
// simulator's command-line entry with node, for demos and for tests that run the real CLI (PATH=<bin>:$PATH,
// LVMSNAPPER_MOUNTINFO=<dir>/mountinfo).

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { SIMULATED_BINARIES } from './interpreter.ts';
import { shellQuote } from './shell-quote.ts';

/** The environment variable the fake executables find their world folder in. */
export const WORLD_DIR_ENV = 'LVMSNAPPER_SIM_WORLD';

// In the source tree the entry is TypeScript, started through tsx's loader (resolved here, so it does not depend
// on the working folder of whoever runs the wrapper); in the built tree it is dist/src/sim/cli.js.
function nodeCommand(): string[] {
  if (typeof LVMSNAPPER_BUNDLE !== 'undefined') return [process.execPath, fileURLToPath(new URL('./sim-cli.mjs', import.meta.url))];
  const source = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(source ? './cli.ts' : './cli.js', import.meta.url));
  return source ? [process.execPath, '--import', import.meta.resolve('tsx'), entry] : [process.execPath, entry];
}

/** Writes the fake executables into `<worldDir>/bin` and returns that folder. */
export async function installFakeBinaries(worldDir: string): Promise<string> {
  const dir = resolve(worldDir);
  const binDir = join(dir, 'bin');
  await mkdir(binDir, { recursive: true });
  const command = nodeCommand().map(shellQuote).join(' ');
  for (const name of SIMULATED_BINARIES) {
    const script = `#!/bin/sh\n${WORLD_DIR_ENV}=${shellQuote(dir)}\nexport ${WORLD_DIR_ENV}\nexec ${command} ${name} "$@"\n`;
    const path = join(binDir, name);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }
  return binDir;
}
