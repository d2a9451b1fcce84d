/** Reads a port from the environment, refusing anything that is not a whole number from 0 to 65535. */
export function readPort(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${variable} must be a port number (0–65535), got "${value}"`);
  return port;
}

/** `<SUBGRAPH>_PORT`, e.g. `POLICE_JUSTICE_PORT`: a subgraph's port when `npm start` runs them all in one process. */
export function subgraphPortVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}
