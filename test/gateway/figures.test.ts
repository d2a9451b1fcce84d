import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../../operations/index.js';
import { facts as health } from '../../subgraphs/health/test/figures.facts.js';
import { facts as plan } from '../../subgraphs/plan/test/figures.facts.js';
import { facts as policeJustice } from '../../subgraphs/police-justice/test/figures.facts.js';
import { facts as ratp } from '../../subgraphs/ratp/test/figures.facts.js';
import { facts as social } from '../../subgraphs/social/test/figures.facts.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

const facts = [...plan, ...policeJustice, ...health, ...social, ...ratp];

/** 2023 on the same days of 2022 (6 October to 30 November; 1 January to 30 November): the daily deployment and coverage held. */
const OFFICER_SHIFTS_CHANGE = -0.4;
const OUTREACH_ROUNDS_CHANGE = 0;

describe('the communiqué, fact by fact', () => {
  it('covers every row of figures.md, once', () => {
    expect(facts.map((fact) => fact.id).sort()).toEqual(
      [
        'P1',
        'P2',
        'P3',
        'P4',
        'J1',
        'J2',
        'J3',
        'J4',
        'J5',
        'J6',
        'J7',
        'J8',
        'H1',
        'H2',
        'H3',
        'H4',
        'H5',
        'H6',
        'S1',
        'S2',
        'S3',
        'S4',
        'S5',
        'S6',
        'S7',
        'R1',
        'R2',
      ].sort(),
    );
  });

  it('asks each with its own registered operation, and the communiqué has no other', () => {
    expect(facts.map((fact) => fact.operation.name).sort()).toEqual(
      operationsOf('communique')
        .map((operation) => operation.name)
        .sort(),
    );
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

  // Issue 10: officer shifts (2022 from 6 October) and outreach rounds (2023 until 30 November) used to compare unequal periods (+283.7 %, −8.5 %).
  it('compares officer shifts and outreach rounds of 2022 and 2023 over the same days, and says which', async () => {
    const figure =
      'value coverage { from to complete } previousValue change changePercent comparison { fromPeriod { from to } toPeriod { from to } likeForLike reason }';
    const whole = 'previousValue(period: WHOLE_YEARS) changePercent(period: WHOLE_YEARS) comparison(period: WHOLE_YEARS) { likeForLike }';
    const { data, errors } = await graph.queryWith(
      null,
      `{ year(year: 2023) { policeJustice { officerShifts { ${figure} } shifts: officerShifts { ${whole} } } social { outreachRounds { ${figure} } rounds: outreachRounds { ${whole} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      year: {
        policeJustice: {
          officerShifts: {
            value: expect.any(Number),
            coverage: { from: '2023-01-01', to: '2023-11-30', complete: false },
            previousValue: expect.any(Number),
            change: expect.any(Number),
            changePercent: OFFICER_SHIFTS_CHANGE,
            comparison: {
              fromPeriod: { from: '2022-10-06', to: '2022-11-30' },
              toPeriod: { from: '2023-10-06', to: '2023-11-30' },
              likeForLike: true,
              reason: null,
            },
          },
          shifts: { previousValue: expect.any(Number), changePercent: 283.7, comparison: { likeForLike: false } },
        },
        social: {
          outreachRounds: {
            value: expect.any(Number),
            coverage: { from: '2023-01-01', to: '2023-11-30', complete: false },
            previousValue: expect.any(Number),
            change: expect.any(Number),
            changePercent: OUTREACH_ROUNDS_CHANGE,
            comparison: {
              fromPeriod: { from: '2022-01-01', to: '2022-11-30' },
              toPeriod: { from: '2023-01-01', to: '2023-11-30' },
              likeForLike: true,
              reason: null,
            },
          },
          rounds: { previousValue: expect.any(Number), changePercent: -8.5, comparison: { likeForLike: false } },
        },
      },
    });
  });

  // Published figures are public: a dashboard without a token reads every fact, with the same value.
  it.each(facts)('$id, asked anonymously', async ({ operation, expected }) => {
    const response = await graph.queryWith(null, operation.body);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual(expected);
  });
});
