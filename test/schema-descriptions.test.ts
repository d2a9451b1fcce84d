import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  print,
  visit,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf, supergraphFile } from '../schema/composition.js';

/**
 * Every element of an API schema that a client can read in the IDE's docs without a description:
 * types, fields, arguments, enum values and input fields, as `Type`, `Type.field`, `Type.field(argument)`.
 * GraphQL's own types (introspection, built-in scalars) are described by the spec.
 */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const lacks = (description: string | null | undefined) => description === null || description === undefined || description.trim() === '';
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (lacks(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (lacks(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const argument of field.args) if (lacks(argument.description)) missing.push(`${type.name}.${field.name}(${argument.name})`);
      }
    }
    if (isInputObjectType(type))
      for (const field of Object.values(type.getFields())) if (lacks(field.description)) missing.push(`${type.name}.${field.name}`);
    if (isEnumType(type)) for (const value of type.getValues()) if (lacks(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the API schema that clients see', () => {
  const apiSchema = apiSchemaOf(readFileSync(supergraphFile, 'utf8'));

  it('describes every type, field, argument, enum value and input field', () => {
    expect(undescribed(apiSchema)).toEqual([]);
  });

  it('finds an undescribed element of each kind', () => {
    // The check itself can fail: the committed supergraph with one element of each kind stripped of its description.
    const stripped = new Set(['Date', 'Sector.name', 'Query.sector(code)', 'Granularity.MONTH', 'RecordPoliceOperationInput.sector']);
    const strip = <T extends { readonly description?: unknown }>(node: T, path: string): T | undefined =>
      stripped.has(path) ? { ...node, description: undefined } : undefined;
    let parent = '';
    let field = '';
    const document = visit(parse(readFileSync(supergraphFile, 'utf8')), {
      ScalarTypeDefinition: (node) => strip(node, node.name.value),
      ObjectTypeDefinition: { enter: (node) => void (parent = node.name.value) },
      EnumTypeDefinition: { enter: (node) => void (parent = node.name.value) },
      InputObjectTypeDefinition: { enter: (node) => void (parent = node.name.value) },
      FieldDefinition: { enter: (node) => ((field = node.name.value), strip(node, `${parent}.${node.name.value}`)) },
      InputValueDefinition: (node) => strip(node, `${parent}.${field}(${node.name.value})`) ?? strip(node, `${parent}.${node.name.value}`),
      EnumValueDefinition: (node) => strip(node, `${parent}.${node.name.value}`),
    });
    expect(undescribed(apiSchemaOf(print(document))).sort()).toEqual([...stripped].sort());
  });

  it('leaves out the federation internals', () => {
    const names = Object.keys(apiSchema.getTypeMap());
    expect(
      names.filter((name) => name.startsWith('join__') || name.startsWith('link__') || name === '_Service' || name === '_Entity'),
    ).toEqual([]);
    expect(Object.keys(apiSchema.getQueryType()?.getFields() ?? {}).filter((name) => name.startsWith('_'))).toEqual([]);
  });
});
