import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  OperationTypeNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { clientMessage } from '../platform/errors.js';
import { lruStringsBytes } from '../platform/heap-size.js';
import type { JsonShapeLimits } from '../platform/json-shape.js';

/**
 * What one operation may ask of the gateway. Each is refused with HTTP 400 before any subgraph is
 * called: tokens while parsing, depth, aliases and directives while validating, cost once the
 * operation and its variables are known.
 */
export interface QueryLimits {
  /** Fields nested in one another (`{ sector { name } }` is 2); fragments add no level. */
  readonly maxDepth: number;
  /** Aliased fields in the operation, its fragments included. */
  readonly maxAliases: number;
  /** Directives (`@include`, `@skip`, …) in the operation. */
  readonly maxDirectives: number;
  /** Lexical tokens of the query text (names, punctuation, values); parsing stops past it. */
  readonly maxTokens: number;
  /** The estimated cost (see `estimateCost`). */
  readonly maxCost: number;
  /** Characters of any name in the query, and of `operationName` (which the gateway's proofs carry to the subgraphs). */
  readonly maxNameLength: number;
}

/**
 * At least twice what the queries dashboards send need (test/gateway/*.graphql, the communiqué's
 * facts, the README): depth 6 and 314 tokens (the cross-agency report), cost 7101 (the sector
 * page); none uses aliases or directives yet.
 */
export const defaultQueryLimits: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 20_000,
  maxNameLength: 256,
};

/**
 * What the variables of one request may hold, checked on the request's bytes before they are parsed
 * (platform/json-shape.ts). The dashboards' variables nest 2 deep and list at most 6 sectors.
 */
export const defaultVariableLimits: JsonShapeLimits = { maxDepth: 16, maxListLength: 1000, maxValues: 10_000 };

/** How many items a list field is assumed to return when its `first` argument does not say. */
export const defaultListSize = 10;

export type LimitName = 'depth' | 'aliases' | 'directives' | 'cost';

const costModel = `each field costs 1, and a list field's selection counts \`first\` times, or ${defaultListSize} times without \`first\``;

const refusal = (limit: LimitName, maximum: number, found: number | undefined, message: string) =>
  new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, maximum, ...(found === undefined ? {} : { found }), http: { status: 400 } },
  });

const wording: Record<Exclude<LimitName, 'cost'>, (found: number, maximum: number) => string> = {
  depth: (found, maximum) => `The query nests fields ${found} deep; the limit is ${maximum}.`,
  aliases: (found, maximum) => `The query uses ${found} aliases; the limit is ${maximum}.`,
  directives: (found, maximum) => `The query uses ${found} directives; the limit is ${maximum}.`,
};

/**
 * GraphQL Armor reports "Syntax Error: Query depth limit of 10 exceeded, found 11." (not a syntax
 * error) and only in its message: it is reported again with our wording and the figures as extensions.
 */
function reportArmorRefusal(limit: Exclude<LimitName, 'cost'>, maximum: number) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const matched = /found (\d+)/.exec(error.message)?.[1];
    const found = matched === undefined ? undefined : Number(matched);
    const message = found === undefined ? error.message.replace(/^Syntax Error: /, '') : wording[limit](found, maximum);
    context?.reportError(refusal(limit, maximum, found, message));
  };
}

/** GraphQL Armor's rules, run with graphql-js's own validation, so the limits cost one more walk of the document. */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const armor = (limit: Exclude<LimitName, 'cost'>, maximum: number) => ({
    n: maximum,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [reportArmorRefusal(limit, maximum)],
  });
  return [
    maxDepthRule({ ...armor('depth', limits.maxDepth), flattenFragments: true, ignoreIntrospection: true }),
    maxAliasesRule(armor('aliases', limits.maxAliases)),
    maxDirectivesRule(armor('directives', limits.maxDirectives)),
    maxNameLengthRule(limits.maxNameLength),
  ];
}

/** `first` when the field takes one and it was given (negative counts as 0), else the default list size. */
function listSize(args: Record<string, unknown>): number {
  return typeof args.first === 'number' ? Math.max(0, args.first) : defaultListSize;
}

/** 1 per field, plus its selection's cost times the list size for a list; introspection is free (the gateway answers it). */
const fieldCost: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  return 1 + (isListType(getNullableType(field.type)) ? listSize(args) : 1) * childComplexity;
};

/** Past this many selections walked (fragments count each time they are spread), the estimate stops. */
export const maxCostNodes = 10_000;

export type CostEstimate = { readonly cost: number } | { readonly tooManyNodes: true };

/**
 * The estimated cost of an operation with its variables (graphql-query-complexity with `fieldCost`):
 * `{ sectors { name stations { name } } }` is 1 + 10 × (1 + (1 + 10 × 1)) = 121.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): CostEstimate {
  try {
    return {
      cost: getComplexity({ schema, query: document, variables, operationName, estimators: [fieldCost], maxQueryNodes: maxCostNodes }),
    };
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) return { tooManyNodes: true };
    throw error;
  }
}

type Estimate = ReturnType<typeof estimateCost>;

/**
 * The variables an estimate depends on: those given to a `first` argument (a list's size) or to
 * @skip/@include. The others (dates, codes, years) do not change what a query may cost.
 */
function costVariables(document: DocumentNode): readonly string[] {
  const names = new Set<string>();
  const collect = (node: ArgumentNode) => {
    visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  };
  visit(document, {
    Argument: (argument) => {
      if (argument.name.value === 'first') collect(argument);
    },
    Directive: (directive) => {
      if (directive.name.value === 'skip' || directive.name.value === 'include') directive.arguments?.forEach(collect);
    },
  });
  return [...names].sort();
}

/**
 * Estimates once per query, operation and the values of the variables the cost depends on
 * (costVariables): dashboards sending the same page with other dates pay the estimate (~0.25 ms)
 * once. Bounded by the bytes of its keys (V8 keeps them as two bytes a character at worst); an
 * estimate itself is a few bytes.
 */
export class CostEstimates {
  private readonly cache: LRUCache<string, Estimate>;
  /** Per parsed query (Apollo's document cache hands the same object for the same text). */
  private readonly variablesOf = new WeakMap<DocumentNode, readonly string[]>();

  constructor(maxBytes: number) {
    this.cache = new LRUCache<string, Estimate>({ maxSize: maxBytes, sizeCalculation: (_, key) => lruStringsBytes(key) });
  }

  get(
    schema: GraphQLSchema,
    document: DocumentNode,
    queryHash: string,
    variables: Record<string, unknown>,
    operationName: string | undefined,
  ): Estimate {
    let names = this.variablesOf.get(document);
    if (names === undefined) this.variablesOf.set(document, (names = costVariables(document)));
    // Absent (its default applies) and null are told apart.
    const relevant = Object.fromEntries(names.filter((name) => name in variables).map((name) => [name, variables[name]]));
    const key = `${queryHash}\n${operationName ?? ''}\n${JSON.stringify(relevant)}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const estimate = estimateCost(schema, document, variables, operationName);
    this.cache.set(key, estimate);
    return estimate;
  }
}

/** graphql-js's `execute` stops coercing variables at 50 errors; @apollo/gateway's own coercion does not stop. */
export const maxVariableErrors = 50;

/** At most this many errors in one answer; the rest are counted in a last one. */
export const maxErrorsPerAnswer = 100;

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

const quoted = (name: string, maxLength: number) => JSON.stringify(name.length > maxLength ? `${name.slice(0, maxLength)}…` : name);

/**
 * The operation the request asks for, refused with 400 when the client's request cannot run: no
 * such operation, several and none named, an operation type the graph does not have, a name over
 * the limit. @apollo/gateway answers these with 500.
 */
function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  operationName: string | undefined,
  maxNameLength: number,
): OperationDefinitionNode {
  if (typeof operationName === 'string' && operationName.length > maxNameLength) {
    throw badRequest(
      `The operationName is ${operationName.length} characters long; the limit is ${maxNameLength} (QUERY_MAX_NAME_LENGTH).`,
    );
  }
  if (operation === undefined) {
    const operations = document.definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (operationName)
      throw badRequest(
        `The query has no operation named ${quoted(operationName, maxNameLength)}; it has ${operations.map((op) => quoted(op.name?.value ?? '(anonymous)', maxNameLength)).join(', ') || 'none'}.`,
      );
    throw badRequest(`The query has ${operations.length} operations: name the one to run in operationName.`);
  }
  if (schema.getRootType(operation.operation) === undefined) {
    throw badRequest(
      `The graph has no ${operation.operation} operations; it answers ${Object.values(OperationTypeNode)
        .filter((type) => schema.getRootType(type) !== undefined)
        .join(' and ')}.`,
    );
  }
  return operation;
}

export interface RequestLimitsOptions {
  readonly limits: QueryLimits;
  /** Where cost estimates are kept (see `CostEstimates`). */
  readonly estimates: CostEstimates;
  /** Production: no "Did you mean …?" in the variables' errors. */
  readonly hideSchemaDetails: boolean;
}

/**
 * The request's own limits, decided before any subgraph is called: the operation to run (above),
 * its variables coerced once with at most `maxVariableErrors` errors (400 with them), its cost
 * (400 over the limit); and no answer with more than `maxErrorsPerAnswer` errors.
 */
export function requestLimitsPlugin<TContext extends BaseContext>({
  limits,
  estimates,
  hideSchemaDetails,
}: RequestLimitsOptions): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let variableErrors: readonly GraphQLError[] = [];
      return {
        async didResolveOperation({ schema, document, operation, request, queryHash }) {
          const resolved = checkOperation(schema, document, operation, request.operationName, limits.maxNameLength);
          const variables = request.variables ?? {};
          const coerced = getVariableValues(schema, resolved.variableDefinitions ?? [], variables, { maxErrors: maxVariableErrors });
          if (coerced.errors !== undefined) {
            // Answered by responseForOperation below, with every error (a thrown error carries only one).
            variableErrors = coerced.errors;
            return;
          }
          const estimate = estimates.get(schema, document, queryHash, variables, resolved.name?.value);
          if ('tooManyNodes' in estimate) {
            throw refusal(
              'cost',
              limits.maxCost,
              undefined,
              `The query expands to more than ${maxCostNodes} selections (a fragment counts each time it is spread); its cost cannot be estimated.`,
            );
          }
          if (estimate.cost > limits.maxCost) {
            throw refusal(
              'cost',
              limits.maxCost,
              estimate.cost,
              `The query's estimated cost is ${estimate.cost}; the limit is ${limits.maxCost} (${costModel}).`,
            );
          }
        },
        async responseForOperation() {
          if (variableErrors.length === 0) return null;
          const errors = variableErrors.map((error) => {
            const { message, locations } = error.toJSON();
            // The same wording as execution's coercion errors, cut like any message: each repeats the value it refused.
            return {
              message: clientMessage(message, hideSchemaDetails),
              ...(locations ? { locations } : {}),
              extensions: { code: 'BAD_USER_INPUT' },
            };
          });
          return { http: { status: 400, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors } } };
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (errors === undefined || errors.length <= maxErrorsPerAnswer) return;
          response.body.singleResult.errors = [
            ...errors.slice(0, maxErrorsPerAnswer - 1),
            {
              message: `${errors.length - maxErrorsPerAnswer + 1} more errors are left out: at most ${maxErrorsPerAnswer} errors are sent.`,
              extensions: { code: 'TOO_MANY_ERRORS' },
            },
          ];
        },
      };
    },
  };
}

/** Any name of the document (operation, fragment, alias, variable, field) longer than the limit: one error, the first. */
export function maxNameLengthRule(maxNameLength: number): ValidationRule {
  return (context) => {
    let reported = false;
    return {
      Name(node) {
        if (reported || node.value.length <= maxNameLength) return;
        reported = true;
        context.reportError(
          new GraphQLError(
            `A name in the query is ${node.value.length} characters long; the limit is ${maxNameLength} (QUERY_MAX_NAME_LENGTH).`,
            {
              nodes: [node],
              extensions: {
                code: 'GRAPHQL_VALIDATION_FAILED',
                limit: 'nameLength',
                maximum: maxNameLength,
                found: node.value.length,
                http: { status: 400 },
              },
            },
          ),
        );
      },
    };
  };
}
