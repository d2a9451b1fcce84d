import { existsSync, readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { parse, type ASTNode, type DocumentNode, type GraphQLError, type GraphQLSchema, type Source } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { defaultSubgraphPorts, isSubgraphName, schemaFileOf, subgraphNames, type SubgraphName } from '../subgraphs/registry.js';
import { subgraphTypeDefs } from '../subgraphs/shared/subgraph.js';

/** The committed supergraph that the gateway serves. */
export const supergraphFile = new URL('./supergraph.graphql', import.meta.url);

/** The URL written into the supergraph: the docker-compose service; the gateway's configuration overrides it. */
export const composedUrl = (name: SubgraphName) => `http://${name}:${defaultSubgraphPorts[name]}/`;

/**
 * Subgraphs run outside this repository, as their partners publish them: a routing URL and an SDL
 * file each, in the shape of Apollo Rover's supergraph.yaml (`subgraphs: { <name>: { routing_url,
 * schema: { file } } }`, files relative to this folder).
 */
export const externalSubgraphsFile = new URL('./external-subgraphs.yaml', import.meta.url);

export interface ExternalSubgraph {
  readonly name: string;
  readonly url: string;
  readonly schemaFile: URL;
}

/** A configuration of external subgraphs that cannot be used; the message names the entry and what is wrong. */
export class ExternalSubgraphsError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The external subgraphs of `file` (none when it does not exist), each checked: a new name, an http(s) URL, an SDL file that exists. */
export function readExternalSubgraphs(file: URL = externalSubgraphsFile): ExternalSubgraph[] {
  if (!existsSync(file)) return [];
  const where = file.pathname.split('/').slice(-2).join('/');
  const document: unknown = parseYaml(readFileSync(file, 'utf8'));
  const entries = isRecord(document) ? (document.subgraphs ?? {}) : document === null ? {} : undefined;
  if (!isRecord(entries)) throw new ExternalSubgraphsError(`${where}: expected "subgraphs:" with one entry per subgraph`);
  return Object.entries(entries).map(([name, entry]) => {
    const fail = (problem: string) => new ExternalSubgraphsError(`${where}: subgraph "${name}": ${problem}`);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw fail('its name must be kebab-case (a-z, 0-9, -), as in the supergraph');
    if (isSubgraphName(name)) throw fail('this repository already has a subgraph of that name');
    const url = isRecord(entry) ? entry.routing_url : undefined;
    const schema = isRecord(entry) && isRecord(entry.schema) ? entry.schema.file : undefined;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw fail('routing_url must be the http(s) URL where the gateway calls it');
    if (typeof schema !== 'string') throw fail('schema.file must name its SDL file, relative to schema/');
    const schemaFile = new URL(schema, file);
    if (!existsSync(schemaFile)) throw fail(`schema.file ${schema} does not exist`);
    return { name, url, schemaFile };
  });
}

/** Every subgraph composed into the supergraph: this repository's, then the external ones. */
export function allSubgraphNames(external: readonly ExternalSubgraph[] = readExternalSubgraphs()): string[] {
  return [...subgraphNames, ...external.map((subgraph) => subgraph.name)];
}

export type CompositionResult =
  | { readonly ok: true; readonly supergraphSdl: string; readonly hints: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Which subgraph's SDL a parsed source is, for errors whose nodes do not carry their subgraph. */
export type SubgraphOfSource = ReadonlyMap<Source, string>;

/** Where a composition error points: `[subgraph] Kind name at line N` for each node, when its subgraph is known. */
function locate(node: ASTNode & { subgraph?: string }, subgraphOfSource: SubgraphOfSource): string {
  const subgraph = node.subgraph ?? (node.loc ? subgraphOfSource.get(node.loc.source) : undefined);
  const where = node.loc ? ` at line ${node.loc.startToken.line}` : '';
  const what =
    'name' in node && node.name && typeof node.name === 'object' && 'value' in node.name
      ? ` ${node.kind} ${node.name.value}`
      : ` ${node.kind}`;
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

/** One subgraph's SDL read from another file than its own, e.g. a change under review. */
export interface SubgraphSchemaReplacement {
  readonly name: string;
  readonly schemaFile: URL;
}

/**
 * Composes the named subgraphs' SDL into a supergraph with @apollo/composition: this repository's as
 * they serve it (the shared SDL appended), at their docker-compose URLs, and external ones (named in
 * `external`) as published, at their routing URLs. With a replacement, that subgraph's SDL is read
 * from elsewhere. Throws the GraphQLError of a file that does not parse.
 */
export function composeSubgraphs(
  names: readonly string[],
  replacement?: SubgraphSchemaReplacement,
  external: readonly ExternalSubgraph[] = readExternalSubgraphs(),
): CompositionResult {
  const service = (name: string): { name: string; url: string; typeDefs: DocumentNode } => {
    const replaced = replacement?.name === name ? replacement.schemaFile : undefined;
    if (isSubgraphName(name)) return { name, url: composedUrl(name), typeDefs: subgraphTypeDefs(replaced ?? schemaFileOf(name)) };
    const published = external.find((subgraph) => subgraph.name === name);
    if (published === undefined)
      throw new ExternalSubgraphsError(`no subgraph "${name}": the subgraphs are ${allSubgraphNames(external).join(', ')}`);
    return { name, url: published.url, typeDefs: parse(readFileSync(replaced ?? published.schemaFile, 'utf8')) };
  };
  const services = names.map(service);
  const result = composeServices(services);
  if (result.errors) {
    // Each subgraph's files are parsed apart, so a node's source tells its subgraph.
    const subgraphOfSource = new Map(
      services.flatMap(({ name, typeDefs }) =>
        typeDefs.definitions.flatMap((definition) => (definition.loc ? [[definition.loc.source, name] as const] : [])),
      ),
    );
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
