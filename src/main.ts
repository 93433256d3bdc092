// The only composition root: parse argv, load the config, run one command, and turn errors into exit codes.
// The installed command starts it through src/launcher.ts (the node options of a run are on that file's first line).
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from './config/load-config.ts';
import { parseDuration, addDuration } from './config/duration.ts';
import { expiryAt } from './config/expiry.ts';
import { createInThreadPool, createThreadPool, usesWorkerThreads, type JobPool } from './coordinator/job-pool.ts';
import { ConfigError, ExitCode, HostError, LockHeldError, UsageError } from './errors.ts';
import { createRealHost, type Host } from './host/host.ts';
import { createLogger, isLogLevel } from './report/logger.ts';
import type { CommandContext, Output } from './cli/context.ts';
import { runCycleCommand } from './cli/cycle.ts';
import { runList } from './cli/list.ts';
import { runStatus } from './cli/status.ts';
import { runCheck } from './cli/check.ts';
import { runSambaConfig } from './cli/samba-config.ts';
import type { RunScope } from './plan/plan-run.ts';
import { snapshotTime } from './plan/naming.ts';
import type { LogLevel } from './config/types.ts';

export const DEFAULT_CONFIG = '/etc/lvmsnapper.conf';

/** What the process gives the program; tests inject their own. */
export interface MainDeps {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** The host to drive; the real one (or the one LVMSNAPPER_MOUNTINFO points at) when absent. */
  host?: Host;
  /** Worker threads or the calling thread, whatever the run; by default its size and the host's cores decide. */
  pool?: 'threads' | 'in-thread';
}

interface GlobalOptions {
  config: string;
  json: boolean;
  logLevel?: LogLevel;
  now?: Date;
  volume: string[];
  concurrency?: number;
  lvremovePerSnapshot: boolean;
}

/** Runs the command line and returns the exit code; never calls process.exit. */
export async function main(argv: string[], deps: MainDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodeOf(program);
  } catch (error) {
    return reportError(error, deps);
  }
}

function buildProgram(deps: MainDeps): Command {
  const program = new Command('lvmsnapper')
    .description('Create, mount, export and rotate LVM snapshots for Samba "Previous Versions" and NFS')
    .option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG)
    .option('--json', 'print the result as one JSON document on stdout', false)
    .addOption(new Option('--log-level <level>', 'log level on stderr (overrides [logging] loglevel)').choices(['debug', 'info', 'warning', 'error', 'critical']))
    .option('--now <iso-time>', 'evaluate rules, names and expiry as if at this instant (ISO 8601 with offset)', parseNow)
    .option('--volume <name>', 'limit to this volume (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--concurrency <n>', 'volume pipelines in flight at once (overrides [main] concurrency)', parseConcurrency)
    .option('--lvremove-per-snapshot', 'one umount and one lvremove per snapshot instead of one per VG (the original tool\'s way; for comparisons)', false)
    .exitOverride()
    .configureOutput({ writeOut: (text) => deps.stdout.write(text), writeErr: (text) => deps.stderr.write(text) })
    .showHelpAfterError('(add --help for the usage)');

  const withContext = (action: (context: CommandContext, command: Command) => Promise<number> | number) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const context = await buildContext(command.optsWithGlobals<GlobalOptions>(), deps);
      setExitCode(program, await action(context, command));
    };
  // The commands that run (or plan) a coordinator cycle differ only in their scope and whether they change anything.
  const cycle = (name: string, scope: (command: Command, context: CommandContext) => RunScope, dryRun = (_command: Command) => false) =>
    withContext((context, command) => runCycleCommand(context, { command: name, dryRun: dryRun(command), scope: { ...volumeScope(context), ...scope(command, context) } }));

  program.command('run').description('the cron job: expire, repair, and snapshot by the rules')
    .option('--dry-run', 'print the plan per volume and change nothing', false)
    .action(cycle('run', () => ({ options: { mode: 'cycle' } }), (command) => command.opts<{ dryRun: boolean }>().dryRun));
  program.command('plan').description('what `run` would do, per volume, changing nothing')
    .action(cycle('plan', () => ({ options: { mode: 'cycle' } }), () => true));
  program.command('list').description('every snapshot of ours: created, expires, mounted, linked, exported, status')
    .action(withContext((context) => runList(context)));
  program.command('snapshot').description('snapshot now, regardless of the rules')
    .argument('[volumes...]', 'volumes to snapshot (default: all)')
    .option('--expire-after <duration>', 'expiry of the new snapshots (default: the rules matching now, else the longest rule)')
    .action(cycle('snapshot', (command, context) => ({
      ...volumeScope(context, command.args),
      options: { mode: 'snapshot', snapshotExpiry: snapshotExpiry(context, command.opts<{ expireAfter?: string }>().expireAfter) },
    })));
  program.command('expire').description('only remove what has expired')
    .action(cycle('expire', () => ({ options: { mode: 'expire' } })));
  program.command('remove').description('remove the named snapshots now (same safety checks)')
    .argument('<snapshots...>', 'LV names, as NAME or VG/NAME')
    .action(cycle('remove', (command) => ({ options: { mode: 'remove', removeNames: command.args } })));
  program.command('mount-all').description('after a reboot: activate, mount, link and export every live snapshot')
    .action(cycle('mount-all', () => ({ options: { mode: 'repair' } })));
  program.command('check').description('validate the config and the host, changing nothing')
    .action(withContext((context) => runCheck(context)));
  program.command('status').description('pool usage, last run, next snapshot time')
    .action(withContext((context) => runStatus(context)));
  program.command('samba-config').description('print smb.conf share lines for shadow_copy2')
    .argument('[volumes...]', 'volumes (default: all)')
    .action(withContext((context, command) => { volumeScope(context, command.args); return runSambaConfig(context, command.args); }));
  program.command('demo').description('a full life cycle on the built-in simulated host, in a temporary folder')
    .option('--dir <folder>', 'where to build the demo (default: a new temporary folder)')
    .action(async (options: { dir?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      // The simulator is loaded only for the demo, never on a production run.
      const { runDemo } = await import('./cli/demo.ts');
      setExitCode(program, await runDemo({ dir: options.dir, json: globals.json, stdout: deps.stdout, stderr: deps.stderr, env: deps.env, main }));
    });
  return program;
}

async function buildContext(options: GlobalOptions, deps: MainDeps): Promise<CommandContext> {
  const config = await loadConfig(options.config);
  const logLevel = options.logLevel ?? config.logLevel;
  if (!isLogLevel(logLevel)) throw new UsageError(`unknown log level ${logLevel}`);
  const host = deps.host ?? createRealHost(deps.env.LVMSNAPPER_MOUNTINFO);
  const volumes = options.volume.length > 0 ? new Set(options.volume) : undefined;
  const context: CommandContext = {
    config,
    host,
    now: options.now ?? new Date(),
    json: options.json,
    ...(volumes ? { volumes } : {}),
    concurrency: options.concurrency ?? config.concurrency,
    removal: options.lvremovePerSnapshot ? 'snapshot' : 'vg',
    logger: await createLogger(logLevel, deps.stderr.isTty),
    stdout: deps.stdout,
    stderr: deps.stderr,
    createPool: (concurrency: number, volumes: number): JobPool => {
      return usesWorkerThreads(volumes, config.workerThreadsFrom, availableParallelism(), deps.pool) ? createThreadPool(host, concurrency) : createInThreadPool(host, concurrency);
    },
  };
  volumeScope(context);
  return context;
}

/** The `--volume` names (and any given as arguments) as a plan scope; an unknown name is a usage error. */
function volumeScope(context: CommandContext, extra: string[] = []): RunScope {
  const names = [...(context.volumes ?? []), ...extra];
  if (names.length === 0) return {};
  const known = new Set(context.config.volumes.map((volume) => volume.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UsageError(`no volume named ${unknown.join(', ')} in ${context.config.path} (volumes: ${[...known].join(', ') || 'none'})`);
  return { volumes: new Set(names) };
}

/** The expiry for `snapshot`: --expire-after, else the rules matching now, else the longest rule. */
function snapshotExpiry(context: CommandContext, expireAfter: string | undefined): Date {
  const { config } = context;
  const now = snapshotTime(context.now);
  if (expireAfter !== undefined) {
    try {
      return addDuration(now, parseDuration(expireAfter), config.timezone);
    } catch (error) {
      throw new UsageError(`--expire-after: ${(error as Error).message}`);
    }
  }
  const matching = expiryAt(config.expireRules, now, config.timezone);
  if (matching !== undefined) return matching.expiresAt;
  if (config.expireRules.length === 0) throw new UsageError('there are no expire rules in the config: give --expire-after');
  return new Date(Math.max(...config.expireRules.map((rule) => addDuration(now, rule.expireAfter, config.timezone).getTime())));
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** A strict ISO 8601 instant with an offset: impossible dates (Feb 30, hour 25) are refused, not rolled over. */
export function parseNow(text: string): Date {
  const match = ISO_INSTANT.exec(text);
  if (match === null) throw new InvalidArgumentError(`"${text}" is not an ISO 8601 time with an offset, e.g. 2026-12-01T10:00:00Z`);
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const wallClock = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second));
  const fields = [wallClock.getUTCFullYear(), wallClock.getUTCMonth() + 1, wallClock.getUTCDate(), wallClock.getUTCHours(), wallClock.getUTCMinutes(), wallClock.getUTCSeconds()];
  if (fields.some((value, index) => value !== [year, month, day, hour, minute, second][index])) {
    throw new InvalidArgumentError(`"${text}" is not a real date and time`);
  }
  const offsetMinutes = match[8] === 'Z' ? 0 : (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]));
  // ISO 8601 offsets stop at ±18:00 (real zones at -12:00 and +14:00); +99:00 is a typo, not an instant.
  if (match[8] !== 'Z' && (Number(match[11]) > 59 || Math.abs(offsetMinutes) > 18 * 60)) {
    throw new InvalidArgumentError(`"${text}": the offset ${match[8]} is not an offset from UTC (at most ±18:00)`);
  }
  const milliseconds = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
  return new Date(wallClock.getTime() + milliseconds - offsetMinutes * 60_000);
}

function parseConcurrency(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return value;
}

const exitCodes = new WeakMap<Command, number>();

function setExitCode(program: Command, code: number): void {
  exitCodes.set(program, code);
}

function exitCodeOf(program: Command): number {
  return exitCodes.get(program) ?? ExitCode.ok;
}

/** The one place where errors become exit codes and messages. */
function reportError(error: unknown, deps: MainDeps): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof ConfigError || error instanceof UsageError) {
    deps.stderr.write(`lvmsnapper: ${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof LockHeldError) {
    deps.stderr.write(`lvmsnapper: ${error.message}; nothing was done\n`);
    return ExitCode.lockHeld;
  }
  const message = error instanceof HostError ? error.message : `unexpected error: ${(error as Error)?.stack ?? String(error)}`;
  deps.stderr.write(`lvmsnapper: ${message}\n`);
  return ExitCode.volumeFailed;
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  const invoked = process.argv[1];
  if (invoked === undefined) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** The command line of this process, its exit code set when done. */
export function runAsCommand(): void {
  void main(process.argv.slice(2), {
    stdout: { write: (text) => process.stdout.write(text), isTty: process.stdout.isTTY === true },
    stderr: { write: (text) => process.stderr.write(text), isTty: process.stderr.isTTY === true },
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}

if (isEntryPoint(import.meta.url)) runAsCommand();
