/**
 * The fuzz test: random valid operations from the API schema (ordinary and hostile values, inline
 * or as variables, anonymous or with a token) and malformed requests, sent for about 70 s to the
 * whole graph with the gateway as a process under docker-compose's 192 MB heap. Every answer is
 * checked (checks.ts); `npm run fuzz` runs the same for longer, with another seed.
 */
import fc from 'fast-check';
import { getVariableValues, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultQueryLimits, estimateCost, limitValidationRules } from '../../gateway/limits.js';
import { loadApiModel } from './api-model.js';
import { checkAnswer, fuzzBounds, type Answer } from './checks.js';
import { buildArbitraries, countTokens, mintFuzzTokens, operationArb, requestStream, type FuzzRequest } from './generators.js';
import { startFuzzGraph, type FuzzGraph, type GatewayMemory } from './graph.js';
import { describeViolations, formatReport, runFuzz, type FuzzRunReport } from './runner.js';

/** Fixed: a failing CI run is replayed with the same requests in the same order (how many fit in the budget depends on the machine). */
const seed = 20_240_611;
/** How long requests are sent: with the graph's start (~5 s) and the last answers the file takes ~80 s, ~105 s when the gateway crashes and is restarted. */
const requestBudgetMs = 70_000;
const concurrency = 4;
/** Past the 5 s bound, still waited for, so the report says how slow; beyond this, unanswered. */
const requestTimeoutMs = 20_000;

const model = loadApiModel();

describe('the fuzz generators', () => {
  it('make ordinary operations that are valid and within every limit of the gateway', () => {
    for (const kind of ['query', 'mutation'] as const) {
      for (const operation of fc.sample(operationArb(model, kind, 'ordinary'), { seed, numRuns: 300 })) {
        const document = parse(operation.document);
        const where = `${operation.document}\n${JSON.stringify(operation.variables)}`;
        expect(validate(model.schema, document, limitValidationRules(defaultQueryLimits)), where).toEqual([]);
        expect(countTokens(operation.document), where).toBeLessThanOrEqual(defaultQueryLimits.maxTokens);
        const definition = document.definitions[0] as OperationDefinitionNode;
        expect(
          getVariableValues(model.schema, definition.variableDefinitions ?? [], operation.variables ?? {}).errors,
          where,
        ).toBeUndefined();
        const estimate = estimateCost(model.schema, document, operation.variables ?? {}, operation.operationName);
        expect('cost' in estimate && estimate.cost <= defaultQueryLimits.maxCost, `${where}\n${JSON.stringify(estimate)}`).toBe(true);
      }
    }
  });

  it('find the fields of the supergraph that carry an access directive', () => {
    expect(model.protectedFields).toContain('Sector.policeOperations');
    expect(model.protectedFields).toContain('Mutation.recordPoliceOperation');
    expect(model.protectedFields).not.toContain('Sector.name');
  });
});

describe('the fuzz checks', () => {
  const selection = [
    {
      responseKey: 'sector',
      coordinate: 'Query.sector',
      protected: false,
      children: [{ responseKey: 'ops', coordinate: 'Sector.policeOperations', protected: true, children: [] }],
    },
  ];
  const request: FuzzRequest = {
    category: 'query ordinary',
    method: 'POST',
    path: '/',
    headers: {},
    body: '{"query":"{ sector(code: \\"eole\\") { ops: policeOperations { date } } }"}',
    unauthenticatedSelection: selection,
    note: '',
  };
  const answer = (status: number, body: unknown): Answer => {
    const text = JSON.stringify(body);
    return { status, bytes: text.length, ms: 12, text, truncated: false, failure: null };
  };
  const kinds = (status: number, body: unknown) => checkAnswer(request, answer(status, body)).map((violation) => violation.kind);

  it('pass a refusal and a protected field answered null', () => {
    expect(
      kinds(200, { data: { sector: { ops: null } }, errors: [{ message: 'Sector.policeOperations requires an authenticated agent' }] }),
    ).toEqual([]);
    expect(kinds(400, { errors: [{ message: 'Syntax Error: Expected Name, found "}".' }] })).toEqual([]);
  });

  it('flag a protected value, a 5xx, a stack or engine text, but not text the request itself sent', () => {
    expect(kinds(200, { data: { sector: { ops: [{ date: '2023-10-01' }] } } })).toEqual(['protected value']);
    expect(kinds(500, { errors: [{ message: 'Internal server error' }] })).toEqual(['server error']);
    expect(kinds(200, { errors: [{ message: 'SqliteError: no such column' }] })).toEqual(['internal text']);
    expect(kinds(400, { errors: [{ message: 'x\n    at Object.parse (/app/node_modules/graphql/index.js:1:2)' }] })).toEqual([
      'internal text',
    ]);
    expect(
      checkAnswer(
        { ...request, body: '{"query":"{ sector(code: \\"TypeError\\") { name } }"}' },
        answer(200, { data: { sector: null }, errors: [{ message: 'no sector "TypeError"' }] }),
      ),
    ).toEqual([]);
  });
});

describe('the plan-wide graph under fuzzing, the gateway a process as docker-compose runs it', () => {
  let graph: FuzzGraph | undefined;
  let report: FuzzRunReport;
  let memoryAtStart: GatewayMemory;

  beforeAll(async () => {
    graph = await startFuzzGraph('fuzz');
    memoryAtStart = graph.gatewayMemory();
    const arbitraries = buildArbitraries(model, await mintFuzzTokens(600));
    report = await runFuzz({
      graph,
      requests: requestStream(arbitraries, seed),
      durationMs: requestBudgetMs,
      concurrency,
      requestTimeoutMs,
    });
    const memory = graph.gatewayMemory();
    console.log(
      `fuzz, seed ${seed}: ${report.requests} requests in ${Math.round(report.elapsedMs / 1000)} s\n${formatReport(report)}\n` +
        `gateway RSS ${memoryAtStart.rssMb} MB at start, ${memory.rssMb} MB at end (peak ${memory.peakMb} MB; bound ${fuzzBounds.maxGatewayRssMb} MB)` +
        (report.gatewayExits.length > 0 ? `\ngateway exits: ${report.gatewayExits.join('\n  ')}` : ''),
    );
  }, 150_000); // the start, the budget, the last answers (each at most requestTimeoutMs), a restart or two
  afterAll(async () => {
    await graph?.stop();
  }, 30_000);

  it('answers every request with a status below 500', () => {
    expect(describeViolations(report, ['server error'])).toBe('none');
  });

  it('puts no engine, stack or internal text in any answer', () => {
    expect(describeViolations(report, ['internal text'])).toBe('none');
  });

  it('gives no protected field a value to a request without a valid identity', () => {
    expect(describeViolations(report, ['protected value'])).toBe('none');
  });

  it(`keeps every answer under ${fuzzBounds.maxAnswerBytes / 1024 / 1024} MiB`, () => {
    expect(describeViolations(report, ['too large'])).toBe('none');
  });

  it(`answers every request within ${fuzzBounds.maxAnswerMs / 1000} s`, () => {
    expect(describeViolations(report, ['too slow', 'no answer'])).toBe('none');
  });

  it('never exits during the run', () => {
    expect(describeViolations(report, ['gateway exit']), report.gatewayExits.join('\n')).toBe('none');
  });

  it(`is alive at the end, under ${fuzzBounds.maxGatewayRssMb} MB of resident memory`, async () => {
    expect(await graph!.liveStatus()).toBe(200);
    const { rssMb } = graph!.gatewayMemory();
    expect(rssMb, `gateway RSS ${rssMb} MB (${memoryAtStart.rssMb} MB at start)`).toBeLessThan(fuzzBounds.maxGatewayRssMb);
  });

  it('executed most ordinary operations rather than refusing them', () => {
    // Guards the generators: a fuzz that only gets 400s tests the parser and nothing behind it.
    const ordinary = report.stats.get('query ordinary')!;
    expect(ordinary.requests).toBeGreaterThan(50);
    expect(ordinary.status2xx / ordinary.requests).toBeGreaterThan(0.9);
  });
});
