/**
 * What a subgraph's schema change does to the graph's clients: the API schema it composes into is
 * diffed with the committed one (@graphql-inspector/core), and every registered operation is
 * validated against it. A breaking change fails the check only when an operation uses what it breaks.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  getNamedType,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  specifiedRules,
  TypeInfo,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { defaultListSize, defaultQueryLimits, estimateCost, limitValidationRules } from '../gateway/limits.js';
import type { RegisteredOperation } from '../operations/index.js';

export type Criticality = 'breaking' | 'dangerous' | 'safe';

export interface OperationReference {
  readonly application: string;
  readonly name: string;
  readonly file: string;
}

export interface SchemaChange {
  readonly criticality: Criticality;
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  readonly type: string;
  /** The schema coordinate changed, e.g. `Sector.stations` or `Query.sector.code`. */
  readonly path: string | null;
  readonly message: string;
  /** For a breaking change: the registered operations that use what it breaks (none: it may be merged). */
  readonly breaks: readonly OperationReference[];
}

export interface FailingOperation extends OperationReference {
  /** Why it no longer validates against the new API schema (or passes the gateway's limits). */
  readonly errors: readonly string[];
  /** The paths of the breaking changes it uses. */
  readonly breakingChanges: readonly string[];
}

export interface SchemaCheckResult {
  readonly changes: readonly SchemaChange[];
  readonly operationsChecked: number;
  /** Operations the change breaks: the check fails when there is any. */
  readonly failingOperations: readonly FailingOperation[];
  /** Operations that already fail on the committed API schema: not this change's doing, reported apart. */
  readonly alreadyFailing: readonly FailingOperation[];
}

const criticalityOf: Record<CriticalityLevel, Criticality> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

/** What an operation uses of the schema it was written for, as schema coordinates. */
interface OperationUsage {
  /** `Type.field` of every field it selects. */
  readonly outputFields: ReadonlySet<string>;
  /**
   * Input objects, enums and scalars its variables may hold. Variables' values are not in the
   * document, so validation cannot tell whether a change to these breaks what a client sends.
   */
  readonly variableTypes: ReadonlySet<string>;
  /** The coordinates at a node of the document (field, argument, input field, enum value, type name), to read validation errors. */
  readonly coordinatesAt: ReadonlyMap<ASTNode, string>;
}

function inputTypesReachable(type: GraphQLNamedType, into: Set<string>): void {
  if (into.has(type.name)) return;
  into.add(type.name);
  if (!isInputObjectType(type)) return;
  for (const field of Object.values(type.getFields())) inputTypesReachable(getNamedType(field.type), into);
}

function usageOf(schema: GraphQLSchema, operation: RegisteredOperation): OperationUsage {
  const outputFields = new Set<string>();
  const variableTypes = new Set<string>();
  const coordinatesAt = new Map<ASTNode, string>();
  /** The argument or input field a variable sits in, innermost last. */
  const inputPositions: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    operation.document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        const coordinate = `${parent.name}.${field.name}`;
        outputFields.add(coordinate);
        coordinatesAt.set(node, coordinate);
      },
      Argument: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const argument = typeInfo.getArgument();
          // Directives' arguments (`@include(if:)`) are not the graph's.
          const coordinate =
            typeInfo.getDirective() || !parent || !field || !argument ? '' : `${parent.name}.${field.name}.${argument.name}`;
          inputPositions.push(coordinate);
          if (coordinate) coordinatesAt.set(node, coordinate);
        },
        leave() {
          inputPositions.pop();
        },
      },
      ObjectField: {
        enter(node) {
          const inputObject = typeInfo.getParentInputType();
          const coordinate = inputObject ? `${getNamedType(inputObject).name}.${node.name.value}` : '';
          inputPositions.push(coordinate);
          if (coordinate) coordinatesAt.set(node, coordinate);
        },
        leave() {
          inputPositions.pop();
        },
      },
      EnumValue(node) {
        const enumType = typeInfo.getInputType();
        if (enumType) coordinatesAt.set(node, `${getNamedType(enumType).name}.${node.value}`);
      },
      Variable(node) {
        const position = inputPositions.at(-1);
        if (position) coordinatesAt.set(node, position);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) inputTypesReachable(getNamedType(type), variableTypes);
      },
      NamedType(node) {
        coordinatesAt.set(node, node.name.value);
      },
    }),
  );
  return { outputFields, variableTypes, coordinatesAt };
}

/** Whether a change at `path` concerns the schema element at `coordinate`: the same, one inside the other. */
const related = (path: string, coordinate: string): boolean =>
  path === coordinate || coordinate.startsWith(`${path}.`) || path.startsWith(`${coordinate}.`);

/**
 * Whether an operation that still validates uses what a breaking change breaks: a field it selects
 * whose type changed (its nullability, say), or an input field or enum value that its variables may
 * hold. Arguments, types and literals need no such rule: an operation they break no longer validates.
 */
function usesWithoutValidationError(usage: OperationUsage, path: string): boolean {
  const [typeName, member, ...rest] = path.split('.');
  if (typeName === undefined || member === undefined || rest.length > 0) return false;
  return usage.outputFields.has(path) || usage.variableTypes.has(typeName);
}

function placeholderOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholderOf(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(required.map((field) => [field.name, placeholderOf(field.type)]));
  }
  // A list size read from a variable counts as the gateway counts a list without `first`.
  if (type.name === 'Int') return defaultListSize;
  if (type.name === 'Float') return 0;
  if (type.name === 'Boolean') return false;
  // String, ID, and the graph's scalars, which the API schema reads as they come.
  return '';
}

/**
 * Values for an operation's required variables: a registered operation has no variables of its own,
 * and graphql-query-complexity needs them to estimate its cost.
 */
export function placeholderVariables(schema: GraphQLSchema, document: DocumentNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      if (variable.defaultValue !== undefined || variable.type.kind !== Kind.NON_NULL_TYPE) continue;
      const type = typeFromAST(schema, variable.type);
      if (type !== undefined) values[variable.variable.name.value] = placeholderOf(type);
    }
  }
  return values;
}

/** The operation's validation errors on a schema, the gateway's default limits included. */
function validationErrors(schema: GraphQLSchema, operation: RegisteredOperation): readonly GraphQLError[] {
  const errors = validate(schema, operation.document, [...specifiedRules, ...limitValidationRules(defaultQueryLimits)]);
  if (errors.length > 0) return errors;
  const estimate = estimateCost(schema, operation.document, placeholderVariables(schema, operation.document));
  const overCost =
    'tooManyNodes' in estimate
      ? 'its cost cannot be estimated (too many nodes)'
      : estimate.cost > defaultQueryLimits.maxCost
        ? `its estimated cost is ${estimate.cost}; the gateway's limit is ${defaultQueryLimits.maxCost} (QUERY_MAX_COST)`
        : null;
  return overCost === null ? [] : [new GraphQLError(`The operation is over the gateway's limits: ${overCost}.`)];
}

function describeError(error: GraphQLError): string {
  const location = error.locations?.[0] ? ` (line ${error.locations[0].line}, column ${error.locations[0].column})` : '';
  return `${error.message}${location}`;
}

const reference = ({ application, name, file }: RegisteredOperation): OperationReference => ({ application, name, file });

/**
 * Checks a new API schema against the committed one for the registered operations.
 * `committedApi` is what clients use today, `changedApi` what the changed subgraph composes into.
 */
export async function checkApiSchemaChange(
  committedApi: GraphQLSchema,
  changedApi: GraphQLSchema,
  operations: readonly RegisteredOperation[],
): Promise<SchemaCheckResult> {
  const inspected: Change[] = await diff(committedApi, changedApi);
  const breakingPaths = inspected
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => change.path ?? '');

  const brokenBy = new Map<string, OperationReference[]>();
  const failingOperations: FailingOperation[] = [];
  const alreadyFailing: FailingOperation[] = [];
  for (const operation of operations) {
    const before = validationErrors(committedApi, operation);
    const after = validationErrors(changedApi, operation);
    if (before.length > 0) {
      alreadyFailing.push({ ...reference(operation), errors: after.map(describeError), breakingChanges: [] });
      continue;
    }
    const usage = usageOf(committedApi, operation);
    const errorCoordinates = after.flatMap((error) => (error.nodes ?? []).flatMap((node) => usage.coordinatesAt.get(node) ?? []));
    const used = [
      ...new Set(
        breakingPaths.filter(
          (path) =>
            path !== '' && (usesWithoutValidationError(usage, path) || errorCoordinates.some((coordinate) => related(path, coordinate))),
        ),
      ),
    ];
    for (const path of used) brokenBy.set(path, [...(brokenBy.get(path) ?? []), reference(operation)]);
    if (after.length > 0 || used.length > 0)
      failingOperations.push({ ...reference(operation), errors: after.map(describeError), breakingChanges: used });
  }

  const changes = inspected.map((change): SchemaChange => {
    const criticality = criticalityOf[change.criticality.level];
    return {
      criticality,
      type: String(change.type),
      path: change.path ?? null,
      message: change.message,
      breaks: criticality === 'breaking' ? (brokenBy.get(change.path ?? '') ?? []) : [],
    };
  });
  return { changes, operationsChecked: operations.length, failingOperations, alreadyFailing };
}
