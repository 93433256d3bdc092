#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=30 --no-memory-reducer --no-sparkplug --regexp-interpret-all
// The installed command (dist/bundle/lvmsnapper.cjs): loads the program, bundled beside it as main.cjs, with its code
// cache (src/cli/code-cache.ts), and runs the command line.
// The shebang's options bound the heap of a large run (README, "Memory"): V8's default young generation (16 MB
// semi-spaces) and heap growth (up to 4x the live data between full collections) took 5000 volumes to 215 MB of
// RSS over 50-60 MB of live data. 8 MB semi-spaces, not 4: 4 saved under 10 MB more and made `plan` over
// 10,000 volumes some 20 % slower in scavenges.
// No memory reducer: it collects the whole heap, on helper threads, whenever the process has waited a while, to hand
// memory back to a long-lived server. A run mostly waits on LVM and then exits, so those collections only cost CPU:
// a third of an expire's in one VG at measured latency (README, "Memory").
// No baseline compiler and no regexp compiler: a short run made machine code for some 800 functions and 40 regexps
// that each then ran a few times. On a real CPU that costs little either way; under emulation (QEMU's TCG) each new
// piece of machine code must itself be translated before it runs, and in the VM suite's guest these two options took
// an expire from 3.6-4.0 s to 3.0-3.3 s. Hot code of large runs is still optimized by TurboFan (README, "Start-up").
//
// LVMSNAPPER_CODE_CACHE=report prints whether the cache was used (on stderr, before anything else);
// LVMSNAPPER_CODE_CACHE=write saves it when the process ends: the build does that after a demo run.
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache } from './cli/code-cache.ts';
import type * as Program from './main.ts';

const loaded = loadWithCodeCache(fileURLToPath(new URL('./main.cjs', import.meta.url)));
const program = loaded.exports as typeof Program;

export const { main } = program;

if (program.isEntryPoint(import.meta.url)) {
  const mode = process.env.LVMSNAPPER_CODE_CACHE;
  if (mode === 'report') process.stderr.write(`lvmsnapper: code cache ${loaded.cache}\n`);
  if (mode === 'write') process.on('exit', () => loaded.saveCache());
  program.runAsCommand();
}
