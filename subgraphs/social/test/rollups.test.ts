import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { minutesBetween } from '../../shared/sql.js';
import { definition as social } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { expectRollupsEqualDetail, type Rollup, rowsOf, SCALE, total, write } from '../../../test/support/rollups.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

// Each social rollup holds exactly the `GROUP BY` of its detail rows, after the seed and after writes (test/support/rollups.ts).
describe.each(testEngines)('social rollups on $kind', (engine) => {
  const socialWorker: Identity = { agent: 'uasa-desk', partner: 'ville-paris', scopes: new Set(['social:write']) };
  const recordRound = 'mutation ($input: RecordOutreachRoundInput!) { recordOutreachRound(input: $input) { replayed } }';
  const recordReport = 'mutation ($input: RecordResidentReportInput!) { recordResidentReport(input: $input) { replayed report { id } } }';
  const recordHandled = 'mutation ($input: RecordResidentReportHandledInput!) { recordResidentReportHandled(input: $input) { replayed } }';
  const rollups: Rollup[] = [
    {
      table: 'outreach_round_counts',
      key: ['sectorCode', 'year'],
      detail: (year) =>
        `SELECT sectorCode, ${year('date')} AS year, COUNT(*) AS rounds, SUM(contactsMade) AS contactsMade FROM outreach_rounds GROUP BY sectorCode, ${year('date')}`,
    },
    {
      table: 'resident_report_counts',
      key: ['sectorCode', 'year'],
      detail: (year) =>
        `SELECT sectorCode, ${year('receivedAt')} AS year, COUNT(*) AS reports, COUNT(handledAt) AS handled FROM resident_reports GROUP BY sectorCode, ${year('receivedAt')}`,
    },
    {
      table: 'outreach_round_days',
      key: ['sectorCode', 'day', 'slot', 'level'],
      detail: () =>
        'SELECT sectorCode, date AS day, slot, level, COUNT(*) AS rounds, SUM(contactsMade) AS contactsMade FROM outreach_rounds GROUP BY sectorCode, date, slot, level',
    },
    {
      table: 'resident_report_days',
      key: ['sectorCode', 'day', 'reporterKind', 'planActionId'],
      detail: (_, day) =>
        `SELECT sectorCode, ${day('receivedAt')} AS day, reporterKind, planActionId, COUNT(*) AS received, COUNT(handledAt) AS handled,
                COALESCE(SUM(${minutesBetween(subgraph.built.db, 'receivedAt', 'handledAt')}), 0) AS handlingMinutes
           FROM resident_reports GROUP BY sectorCode, ${day('receivedAt')}, reporterKind, planActionId`,
    },
  ];
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(social, await engine.freshDatabase('social', 'rollups'), { scale: SCALE });
  });
  afterAll(async () => subgraph?.stop());

  it('after the seed, each rollup is the GROUP BY of its detail rows', async () => {
    await expectRollupsEqualDetail(subgraph, rollups);
    // 24 rounds a day over 699 days, and 40 reinforcement rounds per sector per scale unit above 1; 330 reports per scale unit.
    expect(await total(subgraph, 'SELECT SUM(rounds) FROM outreach_round_counts')).toBe(24 * 699 + 6 * 40 * (SCALE - 1));
    expect(await total(subgraph, 'SELECT SUM(reports) FROM resident_report_counts')).toBe(330 * SCALE);
    expect(await total(subgraph, 'SELECT SUM(rounds) FROM outreach_round_days')).toBe(24 * 699 + 6 * 40 * (SCALE - 1));
    expect(await total(subgraph, 'SELECT SUM(received) FROM resident_report_days')).toBe(330 * SCALE);
  });

  it('after writes — a round, a report on the last minutes of 2022 (UTC) answered in 2023, replays — each rollup is still the GROUP BY of its detail rows', async () => {
    const round = { date: '2023-12-01', slot: 'MORNING', level: 'SURFACE', sector: 'stalingrad', operator: 'Aurore', contactsMade: 7 };
    expect(
      await write(subgraph, recordRound, 'recordOutreachRound', { ...round, idempotencyKey: 'rollup-round-0001' }, socialWorker),
    ).toEqual({ replayed: false });
    expect(
      await write(subgraph, recordRound, 'recordOutreachRound', { ...round, idempotencyKey: 'rollup-round-0001' }, socialWorker),
    ).toEqual({ replayed: true });
    const report = {
      receivedAt: '2022-12-31T23:30:00Z',
      sector: 'forceval',
      reporterKind: 'RESIDENT',
      idempotencyKey: 'rollup-report-0001',
    };
    const recorded = await write<{ report: { id: string } }>(subgraph, recordReport, 'recordResidentReport', report, socialWorker);
    const answer = {
      reportId: recorded.report.id,
      handledAt: '2023-01-01T00:15:00Z',
      team: 'UASA – équipe mobile 1',
      idempotencyKey: 'rollup-answer-0001',
    };
    expect(await write(subgraph, recordHandled, 'recordResidentReportHandled', answer, socialWorker)).toEqual({ replayed: false });
    expect(await write(subgraph, recordHandled, 'recordResidentReportHandled', answer, socialWorker)).toEqual({ replayed: true });

    await expectRollupsEqualDetail(subgraph, rollups);
    // The seed's reports are all of 2023: the new one alone makes Forceval's 2022 row, answered.
    expect(
      await rowsOf(subgraph, "SELECT reports, handled FROM resident_report_counts WHERE sectorCode = 'forceval' AND year = 2022", []),
    ).toEqual([{ reports: 1, handled: 1 }]);
    // ...and its day, the UTC day it was received, with the 45 minutes it waited for its answer.
    expect(
      await rowsOf(
        subgraph,
        "SELECT day, received, handled, handlingMinutes FROM resident_report_days WHERE sectorCode = 'forceval' AND day < '2023-01-01'",
        ['day'],
      ),
    ).toEqual([{ day: '2022-12-31', received: 1, handled: 1, handlingMinutes: 45 }]);
    // The round after the seed's last day makes its own row.
    expect(
      await rowsOf(
        subgraph,
        "SELECT rounds, contactsMade FROM outreach_round_days WHERE sectorCode = 'stalingrad' AND day = '2023-12-01'",
        [],
      ),
    ).toEqual([{ rounds: 1, contactsMade: 7 }]);
    expect(await total(subgraph, 'SELECT SUM(rounds) FROM outreach_round_counts')).toBe(24 * 699 + 6 * 40 * (SCALE - 1) + 1);
  });
});
