/** Readers of environment variables: each refuses a malformed value with an error naming the variable. */

export class ConfigError extends Error {}

/** A port, a whole number from 0 to 65535. */
export function readPort(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`${variable} must be a port number (0–65535), got "${value}"`);
  return port;
}

/** A whole number of at least 0. */
export function readCount(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new ConfigError(`${variable} must be a whole number of at least 0, got "${value}"`);
  return count;
}

/** `true` or `false`. */
export function readFlag(env: NodeJS.ProcessEnv, variable: string, fallback: boolean): boolean {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
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
  const value = env[variable];
  if (value === undefined || value === '') throw new ConfigError(`${variable} is required: ${why}`);
  return value;
}

/** Production is `NODE_ENV=production`: development keys and introspection are refused there. */
export const isProduction = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV === 'production';

/** `<SUBGRAPH>_PORT`, e.g. `POLICE_JUSTICE_PORT`: a subgraph's port when `npm start` runs them all in one process. */
export function subgraphPortVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}
