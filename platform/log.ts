import { pino, type DestinationStream, type Logger } from 'pino';
import { exitOnConfigError, readChoice } from './env.js';

/**
 * One structured JSON logger for every process (the gateway, each subgraph, `npm start`): a line
 * per record on stdout, `level` as a word, `time` in ISO 8601, `message`. Records name their
 * `service`; request lines carry the request id, trace id, agent, partner, registered operation
 * name, duration and outcome. Never a token, a proof, a pseudonym, a variable or a field value.
 *
 * LOG_LEVEL picks the least level written (default `info`: a line per request; `warn` drops them).
 */

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** LOG_LEVEL, refused when it names no level. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  return readChoice(env, 'LOG_LEVEL', logLevels, 'info');
}

/**
 * Lines written as they come, off the request's path (sonic-boom coalesces them under load). Past
 * 16 MiB waiting for a stdout that does not keep up, lines are dropped rather than the heap filled.
 */
const stdout = pino.destination({ dest: 1, sync: false, maxLength: 16 * 1024 * 1024 });
// process.exit() (the stop handlers) would otherwise drop what is still buffered.
process.once('exit', () => {
  try {
    stdout.flushSync();
  } catch {
    // Nothing to flush, or stdout is gone.
  }
});

/** Where lines go: stdout, unless a test captures them (`captureLogs`). */
let sink: DestinationStream = stdout;
const forwarding: DestinationStream = {
  write: (line: string) => {
    sink.write(line);
  },
};

export const logger: Logger = pino(
  {
    // Read on import, before any entry point runs: every process logs.
    level: exitOnConfigError(() => logLevelFromEnv(process.env)),
    base: undefined,
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  forwarding,
);

/** A logger whose lines name their service (`gateway` or a subgraph's name). */
export function serviceLogger(service: string): Logger {
  let child = serviceLoggers.get(service);
  if (child === undefined) serviceLoggers.set(service, (child = logger.child({ service })));
  return child;
}
const serviceLoggers = new Map<string, Logger>();

/** Whether a request line would be written: when it is not, nothing of it is gathered. */
export const requestLinesEnabled = (): boolean => logger.isLevelEnabled('info');

/**
 * Tests: the lines written from now on, parsed, until `stop`. Lines are still written at the
 * configured level; a test that needs request lines lowers it with `logger.level = 'info'`.
 */
export function captureLogs(): { readonly lines: () => Record<string, unknown>[]; readonly stop: () => void } {
  const captured: string[] = [];
  const previous = sink;
  sink = { write: (line: string) => void captured.push(line) };
  return {
    lines: () => captured.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => {
      sink = previous;
    },
  };
}
