/**
 * The subgraphs of this repository: the one list that composition, `npm start`, the seeds, the
 * scopes, docker-compose's checks and the tests read. `npm run subgraph:new` adds to it. The
 * gateway does not read it: it serves whatever supergraph it is given.
 */
import type { BaseContext } from '@apollo/server';
import { explorerScope } from '../platform/identity.js';
import { definition as health } from './health/server.js';
import { definition as plan } from './plan/server.js';
import { definition as policeJustice } from './police-justice/server.js';
import { definition as ratp } from './ratp/server.js';
import { forgetContext, type SubgraphDefinition } from './shared/subgraph.js';
import { definition as social } from './social/server.js';

/** In the order `npm start` brings them up. */
export const subgraphs = [
  forgetContext(plan),
  forgetContext(policeJustice),
  forgetContext(health),
  forgetContext(social),
  forgetContext(ratp),
] as const;

export type SubgraphName = (typeof subgraphs)[number]['name'];

export const subgraphNames: readonly SubgraphName[] = subgraphs.map((definition) => definition.name);

/** Every subgraph's definition, by name. */
export const catalogue = Object.fromEntries(subgraphs.map((definition) => [definition.name, definition])) as Readonly<
  Record<SubgraphName, SubgraphDefinition<BaseContext, SubgraphName>>
>;

export const defaultSubgraphPorts = Object.fromEntries(subgraphs.map((definition) => [definition.name, definition.port])) as Readonly<
  Record<SubgraphName, number>
>;

export function isSubgraphName(name: string): name is SubgraphName {
  return (subgraphNames as readonly string[]).includes(name);
}

/** The subgraph's SDL file. */
export const schemaFileOf = (name: SubgraphName): URL => catalogue[name].schemaFile;

/**
 * The partner domains: the subgraphs with writes, each read and written under its own
 * `<name>:read` / `<name>:write` scopes (a subgraph without mutations has `<name>:read` only).
 */
export const partnerDomains: readonly SubgraphName[] = subgraphs
  .filter((definition) => definition.resolvers.Mutation !== undefined)
  .map((definition) => definition.name);

/** Every scope the graph's access rules use: each subgraph's own, and the plan-wide ones (the gateway's explorers' too). */
export const knownScopes: readonly string[] = [
  ...subgraphs.flatMap((definition) =>
    partnerDomains.includes(definition.name) ? [`${definition.name}:read`, `${definition.name}:write`] : [`${definition.name}:read`],
  ),
  'report:read',
  'audit:read',
  explorerScope,
];
