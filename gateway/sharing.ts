import { parse, valueFromASTUntyped, visit } from 'graphql';
import type { Identity } from '../platform/identity.js';

/**
 * Which subgraph calls in flight may be shared: identical calls (same subgraph, same operation and
 * variables) made for callers with the same grants get one subgraph call and each its copy of the
 * answer, as Hive Gateway and Apollo Router deduplicate them. Never a mutation, and never a call
 * that reads an individual-level field (under an `owner:` @policy): the subgraph audits each such
 * read, so each must reach it. What a subgraph answers depends on the caller's grants (its partner
 * and scopes, and whether it is anonymous) and on nothing else of its identity.
 */
export class CallSharing {
  /** Matches an audited field's name in an operation's text; null until a supergraph is loaded (nothing is shared meanwhile). */
  private audited: RegExp | null = null;
  private readonly grants = new WeakMap<Identity, string>();

  /** Reads the audited fields of a newly loaded supergraph. */
  update(supergraphSdl: string): void {
    const names = [...auditedFieldNames(supergraphSdl)];
    this.audited = names.length === 0 ? /(?!)/ : new RegExp(`\\b(?:${names.join('|')})\\b`);
  }

  /**
   * The part of the sharing key that says who may receive the answer, or null when the call must go
   * alone. A subgraph operation's text names every field it selects: one that names an audited
   * field anywhere (even as another type's field of the same name) is not shared.
   */
  scopeOf(operation: string, identity: Identity): string | null {
    if (this.audited === null || !(operation.startsWith('query') || operation.startsWith('{')) || this.audited.test(operation)) return null;
    let grants = this.grants.get(identity);
    if (grants === undefined) {
      grants = identity.agent === null ? 'anonymous' : `${identity.partner ?? ''} ${[...identity.scopes].sort().join(' ')}`;
      this.grants.set(identity, grants);
    }
    return grants;
  }
}

/** The names of the fields under an `owner:` @policy in a supergraph. */
export function auditedFieldNames(supergraphSdl: string): ReadonlySet<string> {
  const names = new Set<string>();
  visit(parse(supergraphSdl), {
    FieldDefinition: (field) => {
      const owned = field.directives?.some(
        (directive) =>
          directive.name.value === 'policy' &&
          directive.arguments?.some((argument) =>
            [valueFromASTUntyped(argument.value)].flat(2).some((policy) => typeof policy === 'string' && policy.startsWith('owner:')),
          ),
      );
      if (owned) names.add(field.name.value);
    },
  });
  return names;
}
