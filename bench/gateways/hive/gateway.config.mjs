// Gateway (c) of the bench: Hive Gateway's CLI (`hive-gateway supergraph <file>`) with this file
// as its configuration, no tuning. Only what every gateway needs in front of these subgraphs: each
// subgraph's address on the bench and its proof as a static header (per-subgraph transport entries).
// JavaScript, not TypeScript: @graphql-hive/gateway is installed only for the bench, and the root
// `npm run typecheck` must pass without it.

/** BENCH_SUBGRAPHS, as the bench writes it: { "<subgraph>": { "url": "...", "proof": "..." } } (see ../peers/environment.ts). */
function readBenchSubgraphs(json) {
  if (!json) throw new Error('BENCH_SUBGRAPHS is required: JSON { "<subgraph>": { "url": "...", "proof": "..." } }');
  const parsed = JSON.parse(json);
  for (const [name, entry] of Object.entries(parsed)) {
    if (typeof entry?.url !== 'string' || typeof entry?.proof !== 'string')
      throw new Error(`BENCH_SUBGRAPHS.${name} must be { "url": string, "proof": string }`);
  }
  return parsed;
}

const subgraphs = readBenchSubgraphs(process.env.BENCH_SUBGRAPHS);
// Hive's HTTP executor sends one request for identical subgraph calls in flight (its default). The
// bench's --hive-no-dedupe turns that off, to tell its gateway's own speed from the calls it saves.
const options = process.env.BENCH_HIVE_DEDUPLICATE === 'false' ? { deduplicateInflightRequests: false } : undefined;

/** @type {import('@graphql-hive/gateway').GatewayConfig} */
export const gatewayConfig = {
  transportEntries: Object.fromEntries(
    Object.entries(subgraphs).map(([name, { url, proof }]) => [
      name,
      { location: url, headers: [['x-plan-gateway-proof', proof]], ...(options && { options }) },
    ]),
  ),
};
