// Reads the config file and hands its text to the pure parser; the only part of src/config that touches disk.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { Config } from './types.ts';
import { parseConfig } from './parse-config.ts';

export { parseConfig } from './parse-config.ts';

/** Loads and validates the config at `path`; throws ConfigError for an unreadable file or any invalid content. */
export async function loadConfig(path: string): Promise<Config> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    // Node's message names the OS reason and the path: "ENOENT: no such file or directory, open '/etc/…'".
    throw new ConfigError(absolute, [{ message: `cannot read the configuration file: ${(error as Error).message}` }]);
  }
  return parseConfig(text, absolute, () => Intl.DateTimeFormat().resolvedOptions().timeZone);
}
