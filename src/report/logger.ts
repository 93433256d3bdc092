// Logs go to stderr through pino: readable on a terminal (pino-pretty as a synchronous stream, so nothing is lost
// when the process exits), JSON lines otherwise. The config's level names are the original tool's.
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/types.ts';

const pinoLevel: Record<LogLevel, pino.Level> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'fatal',
};

/** A logger at `level`, writing to stderr (pino-pretty is loaded only for a terminal). */
export async function createLogger(level: LogLevel, stderrIsTty: boolean): Promise<Logger> {
  const options = { level: pinoLevel[level], base: { name: 'lvmsnapper' } };
  if (stderrIsTty) {
    const { default: pretty } = await import('pino-pretty');
    return pino(options, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname,name' }));
  }
  return pino(options, pino.destination({ dest: 2, sync: true }));
}

/** Whether a level name is one of the config's. */
export function isLogLevel(text: string): text is LogLevel {
  return text in pinoLevel;
}
