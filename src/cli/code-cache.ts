// Loads the bundled program (one CommonJS file) with a V8 code cache made for it. Compiling the program's 1.6 MB of
// JavaScript, and then each function on its first call, is most of what a run's start costs; on a slow or emulated
// CPU that is the better part of a second on every cron run. Node 20 has no compile cache of its own (22 has), so
// the program is compiled here as node's own loader would, with V8's cached data.
//
// A cache is used only for the source it was made from: its file name carries the CRC-32 of that source, and V8
// itself refuses data made by another V8 version or with other V8 flags. Anything else (no cache, a refused one)
// compiles the program as usual: the cache changes how fast it starts, never what runs.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

export type CodeCacheUse = 'used' | 'refused' | 'absent';

export interface LoadedProgram {
  exports: unknown;
  cache: CodeCacheUse;
  /** Writes the cache of everything compiled so far, for the next start; atomically, so a reader never sees half. */
  saveCache(): void;
}

/** The cache file of `programPath` as it is now. */
export function codeCachePath(programPath: string, source: Buffer): string {
  return `${programPath}.${crc32(source).toString(16).padStart(8, '0')}.v8cache`;
}

/** Compiles and runs the CommonJS file `programPath`, with its code cache when there is a matching one. */
export function loadWithCodeCache(programPath: string): LoadedProgram {
  // Hashed as bytes, so that the program's 1.6 MB exist as text only once, wrapped for compiling.
  const bytes = readFileSync(programPath);
  const cachePath = codeCachePath(programPath, bytes);
  const cachedData = readCache(cachePath);
  const script = new Script(Module.wrap(bytes.toString('utf8')), {
    filename: programPath,
    cachedData,
  });
  const cache: CodeCacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'refused' : 'used';
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown,
    filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(programPath), module, programPath, dirname(programPath));
  return {
    exports: module.exports,
    cache,
    saveCache: () => {
      const partial = `${cachePath}.${process.pid}.tmp`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cachePath);
      } finally {
        rmSync(partial, { force: true });
      }
    },
  };
}

function readCache(cachePath: string): Buffer | undefined {
  try {
    return readFileSync(cachePath);
  } catch {
    // None made for this build (or unreadable): the program compiles as usual. A slower start is no reason to
    // fail a run that snapshots and removes volumes.
    return undefined;
  }
}
