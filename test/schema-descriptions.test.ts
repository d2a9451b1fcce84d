import { readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
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
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) if (lacks(field.description)) missing.push(`${type.name}.${field.name}`);
    if (isEnumType(type)) for (const value of type.getValues()) if (lacks(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the API schema that clients see', () => {
  const apiSchema = apiSchemaOf(readFileSync(supergraphFile, 'utf8'));

  it('describes every type, field, argument, enum value and input field', () => {
    expect(undescribed(apiSchema)).toEqual([]);
  });

  it('is walked whole: an element without a description is found', () => {
    // The check itself can fail: the composed schema with one description removed.
    const stripped = readFileSync(supergraphFile, 'utf8').replace(/"A calendar date, `YYYY-MM-DD`."\s*\n/, '');
    expect(undescribed(apiSchemaOf(stripped))).toEqual(['Date']);
  });

  it('leaves out the federation internals', () => {
    const names = Object.keys(apiSchema.getTypeMap());
    expect(names.filter((name) => name.startsWith('join__') || name.startsWith('link__') || name === '_Service' || name === '_Entity')).toEqual([]);
    expect(Object.keys(apiSchema.getQueryType()?.getFields() ?? {}).filter((name) => name.startsWith('_'))).toEqual([]);
  });
});
