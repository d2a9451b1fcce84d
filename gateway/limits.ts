import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';

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
}

/**
 * At least twice what the queries dashboards send need (test/gateway/*.graphql, the communiqué's
 * facts, the README): depth 6 and 314 tokens (the cross-agency report), cost 7101 (the sector
 * page); none uses aliases or directives yet.
 */
export const defaultQueryLimits: QueryLimits = { maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxTokens: 2000, maxCost: 20_000 };

/** How many items a list field is assumed to return when its `first` argument does not say. */
export const defaultListSize = 10;

export type LimitName = 'depth' | 'aliases' | 'directives' | 'cost';

const costModel = `each field costs 1, and a list field's selection counts \`first\` times, or ${defaultListSize} times without \`first\``;

const refusal = (limit: LimitName, maximum: number, found: number | undefined, message: string) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, maximum, ...(found === undefined ? {} : { found }), http: { status: 400 } } });

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
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): CostEstimate {
  try {
    return { cost: getComplexity({ schema, query: document, variables, operationName, estimators: [fieldCost], maxQueryNodes: maxCostNodes }) };
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) return { tooManyNodes: true };
    throw error;
  }
}

/** The cost limit as an Apollo plugin: it needs the variables, known only once the operation is resolved. */
type Estimate = ReturnType<typeof estimateCost>;

/**
 * Estimates once per document, operation and variables: Apollo keeps the parsed document of a
 * repeated query, so a dashboard polling the same page pays the estimate (~0.25 ms) only once.
 */
const estimates = new WeakMap<DocumentNode, LRUCache<string, Estimate>>();
function cachedEstimate(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): Estimate {
  let byVariables = estimates.get(document);
  if (byVariables === undefined) {
    byVariables = new LRUCache<string, Estimate>({ max: 100 });
    estimates.set(document, byVariables);
  }
  const key = `${operationName ?? ''}\n${JSON.stringify(variables)}`;
  const known = byVariables.get(key);
  if (known !== undefined) return known;
  const estimate = estimateCost(schema, document, variables, operationName);
  byVariables.set(key, estimate);
  return estimate;
}

export function costLimitPlugin<TContext extends BaseContext>(maxCost: number): ApolloServerPlugin<TContext> {
  const check = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): void => {
    // Variables of the wrong type: execution refuses them the usual way, before any subgraph is called.
    if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors !== undefined) return;
    const estimate = cachedEstimate(schema, document, variables, operation.name?.value);
    if ('tooManyNodes' in estimate) {
      throw refusal('cost', maxCost, undefined, `The query expands to more than ${maxCostNodes} selections (a fragment counts each time it is spread); its cost cannot be estimated.`);
    }
    if (estimate.cost > maxCost) {
      throw refusal('cost', maxCost, estimate.cost, `The query's estimated cost is ${estimate.cost}; the limit is ${maxCost} (${costModel}).`);
    }
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation to run (several and none named): execution refuses it.
          if (operation !== undefined) check(schema, document, operation, request.variables ?? {});
        },
      };
    },
  };
}
