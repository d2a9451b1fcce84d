/** Readers of environment variables: each refuses a malformed value with an error naming the variable. */

export class ConfigError extends Error {}

/** A port, a whole number from 0 to 65535. */
export function readPort(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = readOptional(env, variable);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError(`${variable} must be a port number (0–65535), got "${value}"`);
  return port;
}

/** A whole number of at least `least`. */
function readWholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, least: number): number {
  const value = readOptional(env, variable);
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < least)
    throw new ConfigError(`${variable} must be a whole number of at least ${least}, got "${value}"`);
  return count;
}

/** A whole number of at least 0. */
export function readCount(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  return readWholeNumber(env, variable, fallback, 0);
}

/** `true` or `false`. */
export function readFlag(env: NodeJS.ProcessEnv, variable: string, fallback: boolean): boolean {
  const value = readOptional(env, variable);
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new ConfigError(`${variable} must be true or false, got "${value}"`);
  return value === 'true';
}

/** A comma-separated list, blanks dropped. */
export function readList(env: NodeJS.ProcessEnv, variable: string): string[] {
  return (env[variable] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A variable that must be set. */
export function readRequired(env: NodeJS.ProcessEnv, variable: string, why: string): string {
  const value = readOptional(env, variable);
  if (value === undefined) throw new ConfigError(`${variable} is required: ${why}`);
  return value;
}

/** A value, or `fallback` when unset or empty. */
export function readString(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  return readOptional(env, variable) ?? fallback;
}

/** A value, or undefined when unset or empty. */
export function readOptional(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value === '' ? undefined : value;
}

/** A whole number of at least 1: a limit or a timeout, where 0 would refuse everything. */
export function readPositiveCount(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  return readWholeNumber(env, variable, fallback, 1);
}

/** A percentage from 1 to 99 (a value that is no whole number of at least 1 is refused as such). */
export function readPercent(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const percent = readPositiveCount(env, variable, fallback);
  if (percent > 99) throw new ConfigError(`${variable} must be a percentage from 1 to 99, got "${String(env[variable])}"`);
  return percent;
}

/** One of `choices`. */
export function readChoice<T extends string>(env: NodeJS.ProcessEnv, variable: string, choices: readonly T[], fallback: T): T {
  const value = readOptional(env, variable);
  if (value === undefined) return fallback;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) throw new ConfigError(`${variable} must be one of ${choices.join(', ')}, got "${value}"`);
  return choice;
}

/** The names of the variables set (not empty) that match `pattern`: settings named after a subgraph or a partner. */
export function variablesMatching(env: NodeJS.ProcessEnv, pattern: RegExp): string[] {
  return Object.keys(env).filter((variable) => pattern.test(variable) && env[variable] !== '');
}

/** Sets a variable unless it is set (empty counts as unset, as for every reader here): a default for a child's environment, or for a library that reads its own. */
export function setDefault(env: NodeJS.ProcessEnv, variable: string, value: string): string {
  return readOptional(env, variable) ?? (env[variable] = value);
}

/**
 * Runs an entry point's reading of its configuration: a refused value ends the process with its one
 * line on stderr, which names the variable and what it must be, and no stack trace (it is no bug).
 */
export function exitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    return exitOnRefusal(error);
  }
}

/** The same for starting: a setting refused only once the service starts (a supergraph's subgraph without a URL) ends it with its line. */
export async function startOrExitOnConfigError<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    return exitOnRefusal(error);
  }
}

function exitOnRefusal(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

/** Production is `NODE_ENV=production`: development keys and introspection are refused there. */
export const isProduction = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV === 'production';

/** `<SUBGRAPH>_PORT`, e.g. `POLICE_JUSTICE_PORT`: a subgraph's port when `npm start` runs them all in one process. */
export function subgraphPortVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}
