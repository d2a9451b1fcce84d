import { composeServices } from '@apollo/composition';
import type { ASTNode, GraphQLError } from 'graphql';
import { defaultSubgraphPorts, schemaFileOf, type SubgraphName } from '../subgraphs/names.js';
import { subgraphTypeDefs } from '../subgraphs/shared/subgraph.js';

/** The committed supergraph that the gateway serves. */
export const supergraphFile = new URL('./supergraph.graphql', import.meta.url);

/** The URL written into the supergraph: the docker-compose service; the gateway's configuration overrides it. */
export const composedUrl = (name: SubgraphName) => `http://${name}:${defaultSubgraphPorts[name]}/`;

export type CompositionResult =
  | { readonly ok: true; readonly supergraphSdl: string; readonly hints: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Where a composition error points: `[subgraph] Type.field (line:column)` for each node that carries its subgraph. */
function locate(node: ASTNode & { subgraph?: string }): string {
  const where = node.loc ? ` at line ${node.loc.startToken.line}` : '';
  const what = 'name' in node && node.name && typeof node.name === 'object' && 'value' in node.name ? ` ${node.kind} ${node.name.value}` : ` ${node.kind}`;
  return `${node.subgraph ? `[${node.subgraph}]` : ''}${what}${where}`.trim();
}

export function describeCompositionError(error: GraphQLError): string {
  const code = typeof error.extensions.code === 'string' ? `${error.extensions.code}: ` : '';
  const nodes = (error.nodes ?? []) as readonly (ASTNode & { subgraph?: string })[];
  const places = nodes.map(locate);
  return `${code}${error.message}${places.length ? `\n    in ${places.join('\n    in ')}` : ''}`;
}

/** Composes the named subgraphs' SDL (as they serve it) into a supergraph with @apollo/composition. */
export function composeSubgraphs(names: readonly SubgraphName[]): CompositionResult {
  const result = composeServices(
    names.map((name) => ({ name, url: composedUrl(name), typeDefs: subgraphTypeDefs(schemaFileOf(name)) })),
  );
  if (result.errors) return { ok: false, errors: result.errors.map(describeCompositionError) };
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => hint.toString()) };
}
