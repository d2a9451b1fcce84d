import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';
import { Kind, parse, print, visit, type DirectiveNode } from 'graphql';
import { serviceLogger } from '../platform/log.js';

const log = serviceLogger('gateway');

type SupergraphSdlHookOptions = Parameters<SupergraphManager['initialize']>[0];

/** The access-control features of Federation; their directives are enforced in the subgraphs. */
const accessFeatures = [
  'https://specs.apollo.dev/authenticated/',
  'https://specs.apollo.dev/requiresScopes/',
  'https://specs.apollo.dev/policy/',
];

function linkedUrl(directive: DirectiveNode): string | null {
  const url = directive.arguments?.find((argument) => argument.name.value === 'url')?.value;
  return url?.kind === Kind.STRING ? url.value : null;
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

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface SupergraphStatus {
  readonly file: string;
  /** SHA-256 of the supergraph file now served: replicas that answer the same hash serve the same graph. */
  readonly hash: string | null;
  /** When the supergraph now served was read; null until the first load. */
  readonly loadedAt: string | null;
  /** The last file content that was refused, and why; the previous supergraph kept serving. */
  readonly lastRefused: { readonly at: string; readonly reason: string } | null;
  /** Files refused since the start. */
  readonly refusals: number;
}

/**
 * The committed supergraph file as the gateway's source: read at start, then watched, so that a
 * new composition is served without a restart. A file that does not parse or that the gateway
 * refuses is logged and ignored: the supergraph already loaded keeps serving.
 */
export class SupergraphFile implements SupergraphManager {
  private loadedAt: Date | null = null;
  private hash: string | null = null;
  private lastRefused: { at: Date; reason: string } | null = null;
  private refusals = 0;

  constructor(
    readonly file: string,
    /** How often the file is checked for a change; 0: never. */
    private readonly pollMs: number,
  ) {}

  async initialize({ update }: SupergraphSdlHookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    const text = readFileSync(this.file, 'utf8');
    const supergraphSdl = supergraphForGateway(text);
    this.loadedAt = new Date();
    this.hash = sha256(text);
    const onChange = (current: Stats, previous: Stats) => {
      if (current.mtimeMs !== previous.mtimeMs) this.reload(update);
    };
    if (this.pollMs > 0) watchFile(this.file, { interval: this.pollMs, persistent: false }, onChange);
    return {
      supergraphSdl,
      cleanup: async () => {
        unwatchFile(this.file, onChange);
      },
    };
  }

  private reload(update: SupergraphSdlHookOptions['update']): void {
    try {
      const text = readFileSync(this.file, 'utf8');
      update(supergraphForGateway(text));
      this.loadedAt = new Date();
      this.hash = sha256(text);
      this.lastRefused = null;
      log.info({ file: this.file, hash: this.hash }, `supergraph reloaded from ${this.file}`);
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      this.lastRefused = { at: new Date(), reason };
      this.refusals += 1;
      log.error(
        { file: this.file, reason },
        `supergraph ${this.file} refused, the one loaded at ${String(this.loadedAt?.toISOString())} keeps serving: ${reason}`,
      );
    }
  }

  status(): SupergraphStatus {
    return {
      file: this.file,
      hash: this.hash,
      loadedAt: this.loadedAt?.toISOString() ?? null,
      lastRefused: this.lastRefused && { at: this.lastRefused.at.toISOString(), reason: this.lastRefused.reason },
      refusals: this.refusals,
    };
  }
}
