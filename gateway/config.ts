import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSubgraphPorts, subgraphNames, type SubgraphName } from '../subgraphs/names.js';
import { readPort } from '../subgraphs/shared/ports.js';

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** The composed supergraph the gateway serves (committed in schema/). */
  readonly supergraphFile: string;
  /** Where each subgraph answers, overriding the URLs written in the supergraph. */
  readonly subgraphUrls: Readonly<Record<SubgraphName, string>>;
}

export class GatewayConfigError extends Error {}

/** `<SUBGRAPH>_SUBGRAPH_URL`, e.g. `POLICE_JUSTICE_SUBGRAPH_URL` for `police-justice`. */
export function subgraphUrlVariable(name: SubgraphName): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`;
}

const defaultSupergraphFile = resolve(fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url)));

/** Reads the gateway's configuration from the environment; every subgraph defaults to its port on localhost. */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of subgraphNames) {
    const variable = subgraphUrlVariable(name);
    const url = env[variable] || `http://127.0.0.1:${defaultSubgraphPorts[name]}/`;
    if (!/^https?:\/\//.test(url)) throw new GatewayConfigError(`${variable} must be an http(s) URL, got "${url}"`);
    urls[name] = url;
  }
  return {
    port: readPort(env, 'PORT', 4000),
    host: env.HOST ?? '127.0.0.1',
    supergraphFile: env.SUPERGRAPH_FILE ? resolve(env.SUPERGRAPH_FILE) : defaultSupergraphFile,
    subgraphUrls: urls,
  };
}
