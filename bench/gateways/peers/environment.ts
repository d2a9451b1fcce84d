import { ConfigError } from '../../../platform/env.js';

/** Where the bench tells the peer gateways (b) and (c) their subgraphs are, and which proof each wants. */
export interface BenchSubgraph {
  readonly url: string;
  /** The gateway proof this subgraph accepts, sent as a static `x-plan-gateway-proof` header. */
  readonly proof: string;
}

/** Parses BENCH_SUBGRAPHS (JSON: { "<subgraph>": { "url", "proof" } }), refusing anything else with what was wrong. */
export function readBenchSubgraphs(json: string | undefined): Readonly<Record<string, BenchSubgraph>> {
  if (json === undefined || json === '')
    throw new ConfigError('BENCH_SUBGRAPHS is required: JSON { "<subgraph>": { "url": "...", "proof": "..." } }');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`BENCH_SUBGRAPHS is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigError('BENCH_SUBGRAPHS must be a JSON object keyed by subgraph name');
  const subgraphs: Record<string, BenchSubgraph> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const entry = value as { url?: unknown; proof?: unknown } | null;
    if (typeof entry?.url !== 'string' || typeof entry.proof !== 'string')
      throw new ConfigError(`BENCH_SUBGRAPHS.${name} must be { "url": string, "proof": string }`);
    subgraphs[name] = { url: entry.url, proof: entry.proof };
  }
  return subgraphs;
}
