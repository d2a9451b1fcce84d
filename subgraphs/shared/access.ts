import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isNonNullType,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { anonymousIdentity, type Identity } from '../../platform/identity.js';

/**
 * Access rules live in each subgraph's SDL as the federation directives `@authenticated`,
 * `@requiresScopes` and `@policy`, on fields or on types (a type's rule applies to its fields and
 * to every field that returns it). This module reads them from the built schema and wraps each
 * ruled field's resolver, so no resolver checks access by hand.
 *
 * Policies are named `owner:<subgraph>`: only agents of the partners that the subgraph declares
 * as owning its individual-level data may read the field. Such fields are audited at every read.
 */

/** The subgraph whose schema is ruled, and the partners its `owner:<subgraph>` policy admits. */
export interface PolicyOwner {
  readonly subgraph: string;
  readonly partners: readonly string[];
}

/** What one request may see, and the individual-level fields it touched (for the audit trail). */
export class RequestAccess {
  readonly individualFields = new Map<string, boolean>();

  constructor(
    readonly identity: Identity,
    readonly operationName: string | null,
  ) {}

  /** Records that an individual-level field was read (`allowed`) or refused. */
  recordIndividual(coordinate: string, allowed: boolean): void {
    this.individualFields.set(coordinate, (this.individualFields.get(coordinate) ?? true) && allowed);
  }
}

export interface AccessContext {
  readonly access: RequestAccess;
}

/** One field's rule; every part must hold. */
interface AccessRule {
  readonly coordinate: string;
  authenticated: boolean;
  /** Each entry is one `@requiresScopes`: any of its inner lists, all scopes of that list. */
  readonly scopes: (readonly (readonly string[])[])[];
  /** Each entry is one `@policy`, same shape. */
  readonly policies: (readonly (readonly string[])[])[];
}

export class AccessRuleError extends Error {}

const directiveNames = {
  authenticated: ['authenticated', 'federation__authenticated'],
  requiresScopes: ['requiresScopes', 'federation__requiresScopes'],
  policy: ['policy', 'federation__policy'],
};

function listOfLists(directive: ConstDirectiveNode, argument: string, where: string): string[][] {
  const node = directive.arguments?.find((arg) => arg.name.value === argument);
  const value: unknown = node === undefined ? undefined : valueFromASTUntyped(node.value);
  const valid = Array.isArray(value) && value.every((inner) => Array.isArray(inner) && inner.every((item) => typeof item === 'string'));
  if (!valid)
    throw new AccessRuleError(
      `${where}: @${directive.name.value}(${argument}:) must be a list of lists of strings, e.g. [["health:read"]]`,
    );
  return value;
}

function addDirectives(rule: AccessRule, directives: readonly ConstDirectiveNode[], where: string, owner: PolicyOwner): void {
  for (const directive of directives) {
    const name = directive.name.value;
    if (directiveNames.authenticated.includes(name)) rule.authenticated = true;
    if (directiveNames.requiresScopes.includes(name)) rule.scopes.push(listOfLists(directive, 'scopes', where));
    if (directiveNames.policy.includes(name)) {
      const policies = listOfLists(directive, 'policies', where);
      for (const policy of policies.flat()) policyPartners(policy, where, owner);
      rule.policies.push(policies);
    }
  }
}

function directivesOfType(type: GraphQLNamedType): readonly ConstDirectiveNode[] {
  return [type.astNode, ...type.extensionASTNodes].flatMap((node) => (node && 'directives' in node ? (node.directives ?? []) : []));
}

/** The partners a policy admits; the only policy is the subgraph's own `owner:<subgraph>`. */
function policyPartners(policy: string, where: string, owner: PolicyOwner): readonly string[] {
  if (policy !== `owner:${owner.subgraph}`) {
    throw new AccessRuleError(
      `${where}: unknown policy "${policy}"; a subgraph knows only its own owner policy, here owner:${owner.subgraph}`,
    );
  }
  return owner.partners;
}

const satisfied = (alternatives: readonly (readonly string[])[], holds: (item: string) => boolean) =>
  alternatives.some((all) => all.every(holds));

const describe = (alternatives: readonly (readonly string[])[]) => alternatives.map((all) => all.join(' and ')).join(', or ');

/** Why the identity may not read the field, or null when it may. */
function denial(rule: AccessRule, identity: Identity, owner: PolicyOwner): GraphQLError | null {
  const anonymous = identity === anonymousIdentity || identity.agent === null;
  const needsAgent = rule.authenticated || rule.scopes.length > 0 || rule.policies.length > 0;
  if (anonymous && needsAgent) {
    return new GraphQLError(`${rule.coordinate} requires an authenticated agent: send a bearer token`, {
      extensions: { code: 'UNAUTHENTICATED', field: rule.coordinate },
    });
  }
  for (const scopes of rule.scopes) {
    if (!satisfied(scopes, (scope) => identity.scopes.has(scope))) {
      const missing = scopes.map((all) => all.filter((scope) => !identity.scopes.has(scope)));
      return new GraphQLError(`${rule.coordinate} requires the scope ${describe(scopes)}; the token lacks ${describe(missing)}`, {
        extensions: { code: 'FORBIDDEN', field: rule.coordinate, requiredScopes: scopes, missingScopes: missing },
      });
    }
  }
  for (const policies of rule.policies) {
    if (
      !satisfied(
        policies,
        (policy) => identity.partner !== null && policyPartners(policy, rule.coordinate, owner).includes(identity.partner),
      )
    ) {
      return new GraphQLError(
        `${rule.coordinate} is readable only by its owning partner (policy ${describe(policies)}); partner "${String(identity.partner)}" is not one of them`,
        { extensions: { code: 'FORBIDDEN', field: rule.coordinate, policies } },
      );
    }
  }
  return null;
}

const hasRule = (rule: AccessRule) => rule.authenticated || rule.scopes.length > 0 || rule.policies.length > 0;

function ruleOf(
  schema: GraphQLSchema,
  typeName: string,
  field: GraphQLField<unknown, unknown>,
  owner: PolicyOwner,
): { rule: AccessRule; ownRule: boolean } | null {
  const coordinate = `${typeName}.${field.name}`;
  const rule: AccessRule = { coordinate, authenticated: false, scopes: [], policies: [] };
  addDirectives(rule, field.astNode?.directives ?? [], coordinate, owner);
  const returned = getNamedType(field.type);
  addDirectives(rule, directivesOfType(returned), returned.name, owner);
  // Rules on the field or its type must leave the field nullable; a rule inherited from the parent
  // type nulls the parent anyway, which is what guarding a whole type means.
  const ownRule = hasRule(rule);
  const parent = schema.getType(typeName);
  if (parent) addDirectives(rule, directivesOfType(parent), typeName, owner);
  return hasRule(rule) ? { rule, ownRule } : null;
}

interface RuledField {
  readonly field: GraphQLField<unknown, unknown>;
  readonly rule: AccessRule;
  readonly ownRule: boolean;
}

function accessRules(schema: GraphQLSchema, owner: PolicyOwner): RuledField[] {
  const ruled: RuledField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const found = ruleOf(schema, type.name, field, owner);
      if (found) ruled.push({ field, ...found });
    }
  }
  return ruled;
}

/**
 * Wraps the resolver of every field that carries an access rule: a denied field resolves to null
 * with an error naming what is missing, and the rest of the response is served. Refuses a ruled
 * field that is non-null, since its null would wipe out its parent too. Returns the coordinates
 * (`Type.field`) of the individual-level fields: those under an `owner:` policy, which are audited.
 */
export function enforceAccessRules(schema: GraphQLSchema, owner: PolicyOwner): string[] {
  const individualFields: string[] = [];
  for (const { field, rule, ownRule } of accessRules(schema, owner)) {
    if (ownRule && isNonNullType(field.type)) {
      throw new AccessRuleError(
        `${rule.coordinate} carries an access rule but is non-null: make it nullable, so that a denied read returns null and the rest of the response is served`,
      );
    }
    const resolve = field.resolve ?? defaultFieldResolver;
    const individual = rule.policies.length > 0;
    if (individual) individualFields.push(rule.coordinate);
    field.resolve = (source, args, context: unknown, info) => {
      const { access } = context as AccessContext;
      const refused = denial(rule, access.identity, owner);
      if (individual) access.recordIndividual(rule.coordinate, refused === null);
      if (refused) throw refused;
      return resolve(source, args, context, info);
    };
  }
  return individualFields;
}
