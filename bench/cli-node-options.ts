// The node options the installed command starts with, read from its first line (`#!/usr/bin/env -S node
// <options>`): the benchmark forks its measured runs with them, so they run with the heap settings cron's runs get.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHEBANG = /^#!\/usr\/bin\/env -S node((?: \S+)*)$/;

/** The options on the shebang line of `file`. */
export function cliNodeOptions(file: string): string[] {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const match = SHEBANG.exec(first);
  if (match === null) throw new Error(`${file}: the first line is "${first}", not "#!/usr/bin/env -S node <options>"`);
  return match[1]!.split(' ').filter((option) => option !== '');
}

/** The installed command: the bundle beside the compiled benchmark (dist/bundle/lvmsnapper.cjs). */
export const INSTALLED_COMMAND = new URL('../bundle/lvmsnapper.cjs', import.meta.url);

/** The options of the installed command. */
export function installedCommandNodeOptions(): string[] {
  return cliNodeOptions(fileURLToPath(INSTALLED_COMMAND));
}
