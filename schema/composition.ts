import { composeServices } from '@apollo/composition';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import type { ASTNode, GraphQLError, GraphQLSchema, Source } from 'graphql';
import { defaultSubgraphPorts, schemaFileOf, type SubgraphName } from '../subgraphs/registry.js';
import { subgraphTypeDefs } from '../subgraphs/shared/subgraph.js';

/** The committed supergraph that the gateway serves. */
export const supergraphFile = new URL('./supergraph.graphql', import.meta.url);

/** The URL written into the supergraph: the docker-compose service; the gateway's configuration overrides it. */
export const composedUrl = (name: SubgraphName) => `http://${name}:${defaultSubgraphPorts[name]}/`;

export type CompositionResult =
  | { readonly ok: true; readonly supergraphSdl: string; readonly hints: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Which subgraph's SDL a parsed source is, for errors whose nodes do not carry their subgraph. */
export type SubgraphOfSource = ReadonlyMap<Source, string>;

/** Where a composition error points: `[subgraph] Kind name at line N` for each node, when its subgraph is known. */
function locate(node: ASTNode & { subgraph?: string }, subgraphOfSource: SubgraphOfSource): string {
  const subgraph = node.subgraph ?? (node.loc ? subgraphOfSource.get(node.loc.source) : undefined);
  const where = node.loc ? ` at line ${node.loc.startToken.line}` : '';
  const what = 'name' in node && node.name && typeof node.name === 'object' && 'value' in node.name ? ` ${node.kind} ${node.name.value}` : ` ${node.kind}`;
  return `${subgraph ? `[${subgraph}]` : ''}${what}${where}`.trim();
}

/**
 * Describes composition errors in one text each. Some errors (INVALID_FIELD_SHARING, say) point at
 * nodes without their subgraph: `subgraphOfSource` names it from the SDL the node was parsed from.
 */
export function compositionErrorDescriber(subgraphOfSource: SubgraphOfSource): (error: GraphQLError) => string {
  return (error) => {
    const code = typeof error.extensions.code === 'string' ? `${error.extensions.code}: ` : '';
    const nodes = (error.nodes ?? []) as readonly (ASTNode & { subgraph?: string })[];
    const places = nodes.map((node) => locate(node, subgraphOfSource));
    return `${code}${error.message}${places.length ? `\n    in ${places.join('\n    in ')}` : ''}`;
  };
}

/** A composition error in one text, located by the subgraphs its nodes carry. */
export const describeCompositionError: (error: GraphQLError) => string = compositionErrorDescriber(new Map());

/** One subgraph's SDL read from another file than its own `schema.graphql`, e.g. a change under review. */
export interface SubgraphSchemaReplacement {
  readonly name: SubgraphName;
  readonly schemaFile: URL;
}

/**
 * Composes the named subgraphs' SDL (as they serve it) into a supergraph with @apollo/composition;
 * with a replacement, that subgraph's own file is read from elsewhere (the shared SDL is appended as usual).
 * Throws the GraphQLError of a file that does not parse.
 */
export function composeSubgraphs(names: readonly SubgraphName[], replacement?: SubgraphSchemaReplacement): CompositionResult {
  const schemaFile = (name: SubgraphName) => (replacement?.name === name ? replacement.schemaFile : schemaFileOf(name));
  const services = names.map((name) => ({ name, url: composedUrl(name), typeDefs: subgraphTypeDefs(schemaFile(name)) }));
  const result = composeServices(services);
  if (result.errors) {
    // Each subgraph's files are parsed apart, so a node's source tells its subgraph.
    const subgraphOfSource = new Map(services.flatMap(({ name, typeDefs }) => typeDefs.definitions.flatMap((definition) => (definition.loc ? [[definition.loc.source, name] as const] : []))));
    return { ok: false, errors: result.errors.map(compositionErrorDescriber(subgraphOfSource)) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => hint.toString()) };
}

/**
 * The API schema of a supergraph: the graph as clients see it. The router's feature set is given because
 * composition links the access directives `for: SECURITY`, which the default (gateway) feature set refuses.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
}
