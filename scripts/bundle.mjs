// Bundles the CLI, its worker and the simulator's command entry into dist/bundle: a handful of files instead of
// some five hundred modules, which is what start-up costs on a slow disk (or a 9p root under QEMU). Piscina and
// fs-native-extensions stay outside, found in node_modules; the program bundles the addon's loader (see below).
//
// The program is one CommonJS file (main.cjs) started by a small launcher (lvmsnapper.cjs, the installed command) that
// compiles it with a V8 code cache (src/cli/code-cache.ts). The cache is made here, by the launcher itself through
// its shebang (so with the node options of every run) at the end of a demo run, which calls most of the program
// once; the build then checks that a fresh start uses it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const outdir = 'dist/bundle';
await rm(outdir, { recursive: true, force: true });

const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Piscina starts its own worker script from its package folder, so it must stay a package.
  external: ['fs-native-extensions', 'piscina'],
  sourcemap: true,
  define: { LVMSNAPPER_BUNDLE: 'true' },
  logLevel: 'warning',
};

// The worker and the simulator's command entry: ES modules sharing their chunks.
await build({
  ...common,
  entryPoints: { worker: 'src/workers/worker.ts', 'sim-cli': 'src/sim/cli.ts' },
  splitting: true,
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Bundled CommonJS dependencies call require() and read __filename (write-file-atomic names its temp files after
  // it); an ES module has none of these of its own.
  banner: {
    js: [
      "import { createRequire as lvmsnapperCreateRequire } from 'node:module';",
      "import { fileURLToPath as lvmsnapperFileUrlToPath } from 'node:url';",
      'const require = lvmsnapperCreateRequire(import.meta.url);',
      'const __filename = lvmsnapperFileUrlToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
});

// fs-native-extensions finds its native addon through require-addon, relative to the file that asks (its binding.js)
// and by reading its own package.json. Loading that resolver from node_modules is sixteen files, some 15 ms on a fast
// machine (a third of a second under emulation) at every run that takes the lock; bundled, it is compiled with the
// program. Only binding.js changes: it names itself by where node finds it, instead of by __filename, which in the
// bundle is main.cjs. The addon itself stays in node_modules.
const addonFromItsPackage = {
  name: 'addon-from-its-package',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]node_modules[\\/]fs-native-extensions[\\/]binding\.js$/ }, () => ({
      loader: 'js',
      contents: "require.addon = require('require-addon');\n"
        + "module.exports = require.addon('.', require.resolve('fs-native-extensions/binding.js'));\n",
    }));
  },
};

// The program and its launcher are CommonJS files. The program's modules find the worker and the simulator's entry
// beside themselves through import.meta.url, which a CommonJS file spells with __filename.
const commonJs = {
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { ...common.define, 'import.meta.url': 'lvmsnapperModuleUrl' },
  banner: { js: "const lvmsnapperModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// The program: one file, so that one code cache covers all of it.
await build({
  ...common,
  entryPoints: { main: 'src/main.ts' },
  external: ['piscina'],
  plugins: [addonFromItsPackage],
  // That require.resolve is meant to run in the installed program, against node_modules.
  logOverride: { 'require-resolve-not-external': 'silent' },
  ...commonJs,
  define: { ...commonJs.define, 'import.meta.resolve': 'undefined' },
  // Its on-demand imports of the two outside packages become require(): both are CommonJS packages, and a
  // dynamic import() from a program compiled with a code cache needs an experimental node API.
  supported: { 'dynamic-import': false },
});

// The installed command. CommonJS too: node starts an ES module entry through its ES module loader, some 5 ms on a
// fast machine and a tenth of a second under emulation at every run, for nothing a CommonJS file lacks here.
await build({
  ...common,
  entryPoints: { lvmsnapper: 'src/launcher.ts' },
  ...commonJs,
  external: [...common.external, './main.cjs'],
});

const launcher = join(outdir, 'lvmsnapper.cjs');
const demoDir = mkdtempSync(join(tmpdir(), 'lvmsnapper-build-'));
try {
  execFileSync(launcher, ['demo', '--dir', demoDir], { env: { ...process.env, LVMSNAPPER_CODE_CACHE: 'write' }, stdio: ['ignore', 'ignore', 'inherit'] });
} finally {
  rmSync(demoDir, { recursive: true, force: true });
}
const { stderr } = spawnSync(launcher, ['--help'], { env: { ...process.env, LVMSNAPPER_CODE_CACHE: 'report' }, encoding: 'utf8' });
if (stderr !== 'lvmsnapper: code cache used\n') throw new Error(`${launcher}: a fresh start does not use the code cache just made: ${stderr.trim()}`);
