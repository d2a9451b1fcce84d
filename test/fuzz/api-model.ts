import { readFileSync } from 'node:fs';
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { getNamedType, Kind, parse, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

/** The committed supergraph, the one the gateway serves. */
export const supergraphFile = new URL('../../schema/supergraph.graphql', import.meta.url);

/** The federation directives that restrict who may read a field (enforced in the subgraphs). */
const accessDirectives = new Set(['authenticated', 'requiresScopes', 'policy']);

/** The graph as clients see it, and which of its fields an anonymous caller must never get a value for. */
export interface ApiModel {
  readonly schema: GraphQLSchema;
  /** `Type.field` coordinates whose definition carries an access directive. */
  readonly protectedFields: ReadonlySet<string>;
  /** Types (objects, scalars, enums) that carry one: every field of that type is protected. */
  readonly protectedTypes: ReadonlySet<string>;
}

/**
 * The API schema of the supergraph. The router's feature set is given because composition links the
 * access directives `for: SECURITY`, which the default (gateway) feature set refuses outright.
 */
export function loadApiModel(sdl: string = readFileSync(supergraphFile, 'utf8')): ApiModel {
  const schema = Supergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
  const protectedFields = new Set<string>();
  const protectedTypes = new Set<string>();
  // Read from the supergraph's text: the API schema drops the directives' applications.
  for (const definition of parse(sdl).definitions) {
    if (!('name' in definition) || definition.name === undefined || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    if (definition.directives?.some((directive) => accessDirectives.has(directive.name.value))) protectedTypes.add(typeName);
    if (!('fields' in definition) || definition.fields === undefined) continue;
    for (const field of definition.fields) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      if (field.directives?.some((directive) => accessDirectives.has(directive.name.value)))
        protectedFields.add(`${typeName}.${field.name.value}`);
    }
  }
  return { schema, protectedFields, protectedTypes };
}

/** A field an anonymous caller must get null for (or nothing): protected itself, or of a protected type. */
export function isProtectedField(model: ApiModel, parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): boolean {
  return model.protectedFields.has(`${parent.name}.${field.name}`) || model.protectedTypes.has(getNamedType(field.type).name);
}
