import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type BuiltGateway, type ListeningGateway } from '../../gateway/server.js';
import { captureLogs } from '../../platform/log.js';
import { composeSubgraphs, supergraphFile } from '../../schema/composition.js';
import { testGatewayEnv } from '../support/identity.js';
import { counterValue } from '../support/redis.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Readiness {
  readonly status: string;
  readonly supergraph: { readonly hash: string; readonly lastRefusedAt?: string };
}

/** Two replicas reading one supergraph file, as on a shared volume: do they serve the same graph? */
describe('the same supergraph on every replica', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'plancrack-agreement-')), 'supergraph.graphql');
  const replicas: (ListeningGateway & { built: BuiltGateway })[] = [];
  const readiness = async () =>
    Promise.all(replicas.map(async (replica) => (await (await fetch(new URL('/health/ready', replica.url))).json()) as Readiness));

  beforeAll(async () => {
    copyFileSync(supergraphFile, file);
    for (let replica = 0; replica < 2; replica++) {
      const built = buildGateway(gatewayConfigFromEnv({ ...testGatewayEnv, SUPERGRAPH_FILE: file, SUPERGRAPH_POLL_MS: '50' }));
      replicas.push({ ...(await listenGateway(built, 0, '127.0.0.1')), built });
    }
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
  });

  it('gives the SHA-256 of the supergraph file served in /health/ready, anonymously, the same on both', async () => {
    const hash = sha256(readFileSync(supergraphFile, 'utf8'));
    expect(await readiness()).toEqual([
      { status: 'ready', supergraph: { hash } },
      { status: 'ready', supergraph: { hash } },
    ]);
    for (const replica of replicas) {
      expect((await replica.built.metrics.service.scrape()).text).toContain(`gateway_supergraph_info{hash="${hash}"} 1`);
    }
  });

  it('moves both to a new composition written to the file', async () => {
    const planAndPolice = composeSubgraphs(['plan', 'police-justice']);
    if (!planAndPolice.ok) throw new Error(planAndPolice.errors.join('\n'));
    writeFileSync(file, planAndPolice.supergraphSdl);
    const hash = sha256(planAndPolice.supergraphSdl);
    await vi.waitUntil(async () => (await readiness()).every((ready) => ready.supergraph.hash === hash), { timeout: 5000, interval: 50 });
  });

  it('keeps the last good one when the new file is refused, and says so: /health/ready, a log line, a metric', async () => {
    const [{ supergraph: before }] = (await readiness()) as [Readiness];
    const logged = captureLogs();
    try {
      writeFileSync(file, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } type Query { broken: Nope }');
      await vi.waitUntil(async () => (await readiness()).every((ready) => ready.supergraph.lastRefusedAt !== undefined), {
        timeout: 5000,
        interval: 50,
      });
      expect(logged.lines().filter((line) => line.level === 'error' && String(line.message).includes('keeps serving'))).toHaveLength(2);
    } finally {
      logged.stop();
    }
    for (const ready of await readiness()) {
      expect(ready).toEqual({
        status: 'ready',
        supergraph: { hash: before.hash, lastRefusedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      });
    }
    for (const replica of replicas) {
      const scrape = (await replica.built.metrics.service.scrape()).text;
      expect(counterValue(scrape, 'gateway_supergraph_refusals')).toBe(1);
      expect(scrape).toContain(`gateway_supergraph_info{hash="${before.hash}"} 1`);
    }
  });
});
