import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  isCompositeType,
  Kind,
  isObjectType,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { registeredOperation } from '../../operations/index.js';
import { gatewayProofHeader } from '../../platform/gateway-proof.js';
import { composeSubgraphs, supergraphFile } from '../../schema/composition.js';
import { anonymousIdentity, type Identity } from '../../platform/identity.js';
import { schemaFileOf, subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { subgraphTypeDefs } from '../../subgraphs/shared/subgraph.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { gatewayProof, mintToken, operatorReadiness, reader, testGatewayEnv } from '../support/identity.js';
import { postGraphQLHttp, type HttpAnswer } from '../support/subgraphs.js';

const [sqlite] = testEngines;

/** The README's year across partners: what a dashboard polls all day. */
const yearlyReport = registeredOperation('readme', 'YearAcrossPartners').body;
const yearlyReportData = {
  year: {
    // On the same days of 2022 as 2023 has (to 30 November): the default comparison.
    policeJustice: { immediateAppearances: { value: 226, previousValue: 107, change: 119, changePercent: 111.2 } },
    social: { restSpaceVisits: { value: 36_741, change: 8375 } },
  },
  healthFigures: { assorePlaces: { compare: { fromValue: 203, toValue: 610, ratio: 3 } } },
};

/** Per-sector figures: report:read only, so cached per grants (PRIVATE). */
const sectorEvictions = '{ sectors { code policeJusticeFigures { evictions { year(year: 2023) { value } } } } }';
const sectorEvictionsData = {
  sectors: [
    { code: 'canal-ourcq', policeJusticeFigures: { evictions: { year: { value: 39 } } } },
    { code: 'eole', policeJusticeFigures: { evictions: { year: { value: 34 } } } },
    { code: 'forceval', policeJusticeFigures: { evictions: { year: null } } },
    { code: 'porte-de-la-chapelle', policeJusticeFigures: { evictions: { year: { value: 44 } } } },
    { code: 'rosa-parks', policeJusticeFigures: { evictions: { year: { value: 39 } } } },
    { code: 'stalingrad', policeJusticeFigures: { evictions: { year: { value: 41 } } } },
  ],
};

const operations2023 = '{ policeJusticeFigures { policeOperations { year(year: 2023) { value } } } }';
const operationsData = (value: number) => ({ policeJusticeFigures: { policeOperations: { year: { value } } } });
const recordOperation = `mutation RecordOperation($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) { replayed operation { date kind } } }`;
const operation = {
  idempotencyKey: 'cache-operation-0001',
  date: '2023-11-21',
  sector: 'stalingrad',
  kind: 'SEARCH',
  description: 'Perquisition d’un point de deal, quai de la Seine',
  leadPartner: 'pref-police',
};

/** What this file reads of an answer: whether and how long it may be cached, and how old it is (null: computed for this request). */
const cacheHeaders = { readHeaders: ['cache-control', 'age'] } as const;

/** Subgraph operations served since the last reset, by subgraph, leaving out those with none. */
function operationsServed(graph: RunningGraph): Partial<Record<SubgraphName, number>> {
  return Object.fromEntries(
    Object.entries(graph.counts()).flatMap(([name, { operations }]) => (operations > 0 ? [[name, operations]] : [])),
  );
}

describe('the gateway’s response cache', () => {
  let graph: RunningGraph;
  /** A second gateway over the same subgraphs, with RESPONSE_CACHE=false. */
  let uncached: ListeningGateway;
  const token = { analyst: '', otherAnalyst: '', policeReader: '', police: '', city: '' };
  const ask = (token: string | null, query: string, variables?: Record<string, unknown>) =>
    postGraphQLHttp(graph.url, { query, variables }, { ...cacheHeaders, token });
  const subgraphUrls = () =>
    Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;

  beforeAll(async () => {
    graph = await startGraph(sqlite!, 'cache');
    uncached = await listenGateway(
      buildGateway({ ...gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE: 'false' }), subgraphUrls: subgraphUrls() }),
      0,
      '127.0.0.1',
    );
    token.analyst = await mintToken({ agent: 'analyst-1', partner: 'pref-idf', scopes: ['report:read', 'plan:read'] });
    token.otherAnalyst = await mintToken({ agent: 'analyst-2', partner: 'pref-idf', scopes: ['plan:read', 'report:read'] });
    token.policeReader = await mintToken({ agent: 'officer-3', partner: 'pref-police', scopes: ['police-justice:read'] });
    token.police = await mintToken({ agent: 'pp-desk', partner: 'pref-police', scopes: ['police-justice:write'] });
    token.city = await mintToken({ agent: 'uasa-1', partner: 'ville-paris', scopes: ['social:read'] });
  });
  afterAll(async () => {
    await uncached?.stop();
    await graph?.stop();
  });

  it('answers the yearly figures asked again from memory: the same answer, no subgraph called, max-age=60 on both', async () => {
    graph.resetCounts();
    const first = await ask(null, yearlyReport);
    expect(operationsServed(graph)).toEqual({ plan: 1, 'police-justice': 1, health: 1, social: 1 });
    graph.resetCounts();
    const second = await ask(null, yearlyReport);
    expect(operationsServed(graph)).toEqual({});
    expect(first).toEqual({ status: 200, headers: { 'cache-control': 'max-age=60, public', age: null }, body: { data: yearlyReportData } });
    expect(second).toEqual({ status: 200, headers: { 'cache-control': 'max-age=60, public', age: '0' }, body: { data: yearlyReportData } });
  });

  it('serves the plan’s reference data for 300 s', async () => {
    const sectors = await ask(null, '{ sectors { code } partners { code } }');
    expect(sectors.headers['cache-control']).toBe('max-age=300, public');
    expect(sectors.body.errors).toBeUndefined();
  });

  it('does not cache a query with an uncached field (operational detail): no-store, and the subgraphs are called again', async () => {
    const query = `{ policeJusticeFigures { evictions { year(year: 2023) { value } } }
      policeOperations(from: "2023-11-01", to: "2023-11-30", first: 1) { date kind } }`;
    for (let call = 0; call < 2; call++) {
      graph.resetCounts();
      const answer = await ask(token.policeReader, query);
      expect(answer).toEqual({
        status: 200,
        headers: { 'cache-control': 'no-store', age: null },
        body: {
          data: {
            policeJusticeFigures: { evictions: { year: { value: 197 } } },
            policeOperations: [{ date: '2023-11-09', kind: 'CLEARANCE' }],
          },
        },
      });
      expect(operationsServed(graph)).toEqual({ 'police-justice': 1 });
    }
  });

  it('never caches individual-level data: every read reaches social, which audits it', async () => {
    const people = await ask(token.city, '{ socialPeople(first: 1) { pseudonym } }');
    const pseudonym = (people.body.data as { socialPeople: { pseudonym: string }[] }).socialPeople[0]!.pseudonym;
    const read = `query ReadContacts { socialPerson(pseudonym: "${pseudonym}") { outreachContacts { date } } }`;
    for (let call = 0; call < 2; call++) {
      graph.resetCounts();
      const answer = await ask(token.city, read);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.body.errors).toBeUndefined();
      expect(operationsServed(graph)).toEqual({ social: 1 });
    }
  });

  it('keeps answers apart by grants: the same sector figures to two analysts, an error (never their data) to the others', async () => {
    const refusalOf = (answer: HttpAnswer<'cache-control' | 'age'>) => ({
      cacheControl: answer.headers['cache-control'],
      figures: (answer.body.data as { sectors: { policeJusticeFigures: unknown }[] }).sectors.map((sector) => sector.policeJusticeFigures),
      errors: [...new Set(answer.body.errors?.map((error) => `${String(error.extensions?.code)}: ${error.message}`))],
    });

    graph.resetCounts();
    const analyst = await ask(token.analyst, sectorEvictions);
    expect(analyst).toEqual({
      status: 200,
      headers: { 'cache-control': 'max-age=60, private', age: null },
      body: { data: sectorEvictionsData },
    });
    expect(operationsServed(graph)).toEqual({ plan: 1, 'police-justice': 1 });

    // Another agent with the same grants (scopes in another order) shares the entry.
    graph.resetCounts();
    expect(await ask(token.otherAnalyst, sectorEvictions)).toEqual({
      status: 200,
      headers: { 'cache-control': 'max-age=60, private', age: '0' },
      body: { data: sectorEvictionsData },
    });
    expect(operationsServed(graph)).toEqual({});

    // Without report:read, or anonymous: the subgraph is asked and refuses, whatever is cached.
    for (const [who, expected] of [
      [token.policeReader, 'FORBIDDEN: Sector.policeJusticeFigures requires the scope report:read; the token lacks report:read'],
      [null, 'UNAUTHENTICATED: Sector.policeJusticeFigures requires an authenticated agent: send a bearer token'],
    ] as const) {
      graph.resetCounts();
      const refused = await ask(who, sectorEvictions);
      expect(operationsServed(graph)).toEqual({ plan: 1, 'police-justice': 1 });
      expect(refusalOf(refused)).toEqual({ cacheControl: 'no-store', figures: [null, null, null, null, null, null], errors: [expected] });
    }
  });

  it('does not serve the public figures one agent asked for to an agent with other grants from its entry', async () => {
    await ask(token.analyst, yearlyReport);
    graph.resetCounts();
    const other = await ask(token.policeReader, yearlyReport);
    expect(operationsServed(graph)).toEqual({ plan: 1, 'police-justice': 1, health: 1, social: 1 });
    expect(other.body).toEqual({ data: yearlyReportData });
  });

  it('never caches a mutation, and a write clears the cache so that the figures follow it at once', async () => {
    expect((await ask(null, operations2023)).body).toEqual({ data: operationsData(33) });
    graph.resetCounts();
    expect((await ask(null, operations2023)).body).toEqual({ data: operationsData(33) });
    expect(operationsServed(graph)).toEqual({});

    for (const replayed of [false, true]) {
      graph.resetCounts();
      const written = await ask(token.police, recordOperation, { input: operation });
      expect(written).toEqual({
        status: 200,
        headers: { 'cache-control': 'no-store', age: null },
        body: { data: { recordPoliceOperation: { replayed, operation: { date: '2023-11-21', kind: 'SEARCH' } } } },
      });
      expect(operationsServed(graph)).toEqual({ 'police-justice': 1 });
    }
    graph.resetCounts();
    expect(await ask(null, operations2023)).toEqual({
      status: 200,
      headers: { 'cache-control': 'max-age=60, public', age: null },
      body: { data: operationsData(34) },
    });
    expect(operationsServed(graph)).toEqual({ 'police-justice': 1 });
  });

  it('does not let a refused write clear the cache', async () => {
    await ask(null, operations2023);
    const refused = await ask(null, recordOperation, { input: { ...operation, idempotencyKey: 'cache-anonymous-01' } });
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    graph.resetCounts();
    expect((await ask(null, operations2023)).headers.age).toBe('0');
    expect(operationsServed(graph)).toEqual({});
  });

  it('with RESPONSE_CACHE=false, answers every repeat from the subgraphs, still telling clients how long they may keep it', async () => {
    for (let call = 0; call < 2; call++) {
      graph.resetCounts();
      expect(await postGraphQLHttp(uncached.url, { query: yearlyReport }, cacheHeaders)).toEqual({
        status: 200,
        headers: { 'cache-control': 'max-age=60, public', age: null },
        body: { data: yearlyReportData },
      });
      expect(operationsServed(graph)).toEqual({ plan: 1, 'police-justice': 1, health: 1, social: 1 });
    }
  });

  it('forgets every answer when a new supergraph is loaded', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plancrack-cache-')), 'supergraph.graphql');
    copyFileSync(supergraphFile, file);
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, SUPERGRAPH_FILE: file, SUPERGRAPH_POLL_MS: '50' });
    const reloading = await listenGateway(buildGateway({ ...config, subgraphUrls: subgraphUrls() }), 0, '127.0.0.1');
    const reloadLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const loadedAt = async () => (await operatorReadiness<{ supergraph: { loadedAt: string } }>(reloading.url)).supergraph.loadedAt;
      await postGraphQLHttp(reloading.url, { query: '{ sectors { code } }' }, cacheHeaders);
      graph.resetCounts();
      expect((await postGraphQLHttp(reloading.url, { query: '{ sectors { code } }' }, cacheHeaders)).headers.age).toBe('0');
      expect(operationsServed(graph)).toEqual({});

      const before = await loadedAt();
      const planAndPolice = composeSubgraphs(['plan', 'police-justice']);
      if (!planAndPolice.ok) throw new Error(planAndPolice.errors.join('\n'));
      writeFileSync(file, planAndPolice.supergraphSdl);
      await vi.waitUntil(async () => (await loadedAt()) !== before, { timeout: 5000, interval: 50 });
      graph.resetCounts();
      expect((await postGraphQLHttp(reloading.url, { query: '{ sectors { code } }' }, cacheHeaders)).headers.age).toBeNull();
      expect(operationsServed(graph)).toEqual({ plan: 1 });
    } finally {
      reloadLog.mockRestore();
      await reloading.stop();
    }
  });

  describe('each subgraph’s cache-control header', () => {
    const askSubgraph = async (name: SubgraphName, identity: Identity, query: string, variables?: Record<string, unknown>) =>
      postGraphQLHttp(
        graph.subgraphs[name].url,
        { query, variables },
        { ...cacheHeaders, headers: { [gatewayProofHeader]: await gatewayProof(identity, name) } },
      );
    const figuresOfYear =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Year { policeJustice { evictions { value } } } } }';
    const figuresOfSector =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sector { policeJusticeFigures { evictions { years { value } } } } } }';
    const operationsOfSector =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sector { policeOperations(from: "2023-11-01", to: "2023-11-02") { date } } } }';

    it.each([
      { name: 'plan', query: '{ sectors { code } planSteps { completion { total } } }', expected: 'max-age=300, public' },
      { name: 'plan', query: '{ plan { name } committeeMeetings { date } }', expected: 'no-store' },
      { name: 'police-justice', query: '{ policeJusticeFigures { evictions { years { value } } } }', expected: 'max-age=60, public' },
      {
        name: 'police-justice',
        query: figuresOfYear,
        variables: { r: [{ __typename: 'Year', year: 2023 }] },
        expected: 'max-age=60, public',
      },
      {
        name: 'police-justice',
        query: figuresOfSector,
        variables: { r: [{ __typename: 'Sector', code: 'eole' }] },
        expected: 'max-age=60, private',
      },
      {
        name: 'police-justice',
        query: operationsOfSector,
        variables: { r: [{ __typename: 'Sector', code: 'eole' }] },
        expected: 'no-store',
      },
      { name: 'health', query: '{ healthAuditTrail { at } }', expected: 'no-store' },
    ] as const)('$name: $expected for $query', async ({ name, query, expected, ...rest }) => {
      const variables = 'variables' in rest ? rest.variables : undefined;
      const answer = await askSubgraph(name, reader, query, variables);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers['cache-control']).toBe(expected);
    });

    it('answers no-store to an anonymous read of per-sector figures (refused)', async () => {
      const answer = await askSubgraph('police-justice', anonymousIdentity, figuresOfSector, {
        r: [{ __typename: 'Sector', code: 'eole' }],
      });
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.headers['cache-control']).toBe('no-store');
    });
  });
});

describe('the response cache’s configuration', () => {
  it('is on, with a fifth of the heap up to 256 MiB, unless told otherwise', () => {
    const defaults = gatewayConfigFromEnv(testGatewayEnv);
    expect(defaults.responseCache).toEqual({ enabled: true });
    expect(defaults.caches.responseCache).toBe(Math.min(256 * 2 ** 20, Math.floor(0.2 * getHeapStatistics().heap_size_limit)));
    const configured = gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE: 'false', RESPONSE_CACHE_MAX_MB: '8' });
    expect(configured.responseCache).toEqual({ enabled: false });
    expect(configured.caches.responseCache).toBe(8 * 2 ** 20);
  });

  it.each([
    { RESPONSE_CACHE: 'off', message: 'RESPONSE_CACHE must be true or false, got "off"' },
    { RESPONSE_CACHE_MAX_MB: '0', message: 'RESPONSE_CACHE_MAX_MB must be a whole number of at least 1, got "0"' },
    { RESPONSE_CACHE_MAX_MB: '1.5', message: 'RESPONSE_CACHE_MAX_MB must be a whole number of at least 1, got "1.5"' },
  ])('refuses $message', ({ message, ...env }) => {
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, ...env })).toThrow(message);
  });
});

/**
 * A ruled field answers according to the agent's grants: it must never be cached as PUBLIC, which
 * would let a shared HTTP cache (a CDN) hand it to anyone. Either its hint (or its type's) makes it
 * uncached (maxAge 0, the default for fields returning objects) or PRIVATE.
 */
describe('cache hints in the subgraphs’ SDL', () => {
  const ruleDirectives = ['requiresScopes', 'policy', 'authenticated'];
  const directivesOf = (node: {
    astNode?: { directives?: readonly ConstDirectiveNode[] } | null;
    extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[];
  }) => [...(node.astNode?.directives ?? []), ...(node.extensionASTNodes ?? []).flatMap((extension) => extension.directives ?? [])];
  const hintOf = (directives: readonly ConstDirectiveNode[]) => {
    const hint = directives.find((directive) => directive.name.value === 'cacheControl');
    const argument = (name: string) => hint?.arguments?.find((arg) => arg.name.value === name)?.value;
    const maxAge = argument('maxAge');
    const scope = argument('scope');
    return {
      maxAge: maxAge?.kind === Kind.INT ? Number(maxAge.value) : undefined,
      scope: scope?.kind === Kind.ENUM ? scope.value : undefined,
    };
  };

  function publiclyCachedRuledFields(name: SubgraphName): string[] {
    const schema = buildSubgraphSchema([{ typeDefs: subgraphTypeDefs(schemaFileOf(name)) }]);
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('_'),
    )) {
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        const target = getNamedType(field.type);
        const ruled = [...directivesOf(field), ...directivesOf(type), ...(isObjectType(target) ? directivesOf(target) : [])].some(
          (directive) => ruleDirectives.includes(directive.name.value),
        );
        if (!ruled) continue;
        const own = hintOf(directivesOf(field));
        const inherited = isCompositeType(target) ? hintOf(directivesOf(target)) : hintOf(directivesOf(type));
        const maxAge = own.maxAge ?? inherited.maxAge ?? 0;
        const scope = own.scope ?? inherited.scope ?? 'PUBLIC';
        if (maxAge > 0 && scope !== 'PRIVATE') found.push(`${type.name}.${field.name}`);
      }
    }
    return found;
  }

  it.each(subgraphNames)('%s: no ruled field is cached as PUBLIC', (name) => {
    expect(publiclyCachedRuledFields(name)).toEqual([]);
  });
});
