// Bundles the CLI, its worker and the simulator's command entry into dist/bundle: a handful of files instead of
// some five hundred modules, which is what start-up costs on a slow disk (or a 9p root under QEMU). The native
// addon fs-native-extensions and piscina stay outside and are found in node_modules.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/main.ts', worker: 'src/workers/worker.ts', 'sim-cli': 'src/sim/cli.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Piscina starts its own worker script from its package folder, so it must stay a package.
  external: ['fs-native-extensions', 'piscina'],
  sourcemap: true,
  define: { LVMSNAPPER_BUNDLE: 'true' },
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
  logLevel: 'warning',
});
