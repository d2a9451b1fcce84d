import { parse, print, visit, type DirectiveNode } from 'graphql';

/** The access-control features of Federation; their directives are enforced in the subgraphs. */
const accessFeatures = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/', 'https://specs.apollo.dev/policy/'];

function linkedUrl(directive: DirectiveNode): string | null {
  const url = directive.arguments?.find((argument) => argument.name.value === 'url')?.value;
  return url?.kind === 'StringValue' ? url.value : null;
}

/**
 * The supergraph as @apollo/gateway may load it. Composition links the access directives
 * `for: SECURITY`, which tells a runtime that cannot enforce them to refuse the whole supergraph,
 * and @apollo/gateway enforces none. Here each subgraph enforces its own rules on every request
 * (the gateway cannot be bypassed around them, and forwards a proof of the caller's identity), so
 * the gateway loads the same supergraph with that purpose dropped; its planning is unchanged.
 */
export function supergraphForGateway(sdl: string): string {
  const document = visit(parse(sdl), {
    Directive(directive) {
      const url = directive.name.value === 'link' ? linkedUrl(directive) : null;
      if (url === null || !accessFeatures.some((feature) => url.startsWith(feature))) return undefined;
      return { ...directive, arguments: directive.arguments?.filter((argument) => argument.name.value !== 'for') };
    },
  });
  return print(document);
}
