import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../../operations/index.js';
import { facts as health } from '../figures/health.facts.js';
import { facts as plan } from '../figures/plan.facts.js';
import { facts as policeJustice } from '../figures/police-justice.facts.js';
import { facts as ratp } from '../figures/ratp.facts.js';
import { facts as social } from '../figures/social.facts.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

const facts = [...plan, ...policeJustice, ...health, ...social, ...ratp];

describe('the communiqué, fact by fact', () => {
  it('covers every row of figures.md, once', () => {
    expect(facts.map((fact) => fact.id).sort()).toEqual(
      ['P1', 'P2', 'P3', 'P4', 'J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'J8', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'R1', 'R2'].sort(),
    );
  });

  it('asks each with its own registered operation, and the communiqué has no other', () => {
    expect(facts.map((fact) => fact.operation.name).sort()).toEqual(operationsOf('communique').map((operation) => operation.name).sort());
  });
});

describe.each(testEngines)('the communiqué through the gateway on $kind', (engine) => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine, 'figures');
  });
  afterAll(() => graph?.stop());

  it.each(facts)('$id: $fact', async ({ operation, expected }) => {
    const response = await graph.query(operation.body);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual(expected);
  });

  // Published figures are public: a dashboard without a token reads every fact, with the same value.
  it.each(facts)('$id, asked anonymously', async ({ operation, expected }) => {
    const response = await graph.queryWith(null, operation.body);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual(expected);
  });
});
