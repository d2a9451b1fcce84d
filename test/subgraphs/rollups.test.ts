import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../platform/identity.js';
import { definition as health } from '../../subgraphs/health/server.js';
import { definition as policeJustice } from '../../subgraphs/police-justice/server.js';
import { definition as ratp } from '../../subgraphs/ratp/server.js';
import { dayOf, minutesBetween, monthOf, yearOf } from '../../subgraphs/shared/sql.js';
import { definition as social } from '../../subgraphs/social/server.js';
import { testEngines } from '../support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../support/subgraphs.js';

/**
 * The rollups the yearly figures and the summaries over a date range read (one row per key and year,
 * or per key and day or month) must hold exactly the `GROUP BY` of their detail rows: after
 * the seed (scale 2), and after writes through the mutations — replayed, racing, and on the last
 * minutes of a year. The expected side is written here, independently of the subgraphs' rollups.ts.
 */

type Row = Record<string, string | number>;

/** A rollup table and the aggregate of its detail rows, with the same columns, in the key's order. */
interface Rollup {
  readonly table: string;
  readonly key: readonly string[];
  /** The expected rows; `year`, `day` and `month` give the calendar year, the UTC day and its month's first day of a column on the engine at hand. */
  readonly detail: (year: (column: string) => string, day: (column: string) => string, month: (column: string) => string) => string;
}

/** Rows as plain values: drivers give MySQL's SUM as a string and SQLite's as a number. */
async function rowsOf(subgraph: RunningSubgraph, sql: string, textColumns: readonly string[]): Promise<Row[]> {
  const rows = (await subgraph.built.db.query(sql)) as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, textColumns.includes(column) ? String(value) : Number(value)])));
}

async function expectRollupsEqualDetail(subgraph: RunningSubgraph, rollups: readonly Rollup[]): Promise<void> {
  const db = subgraph.built.db;
  for (const rollup of rollups) {
    const textColumns = rollup.key.filter((column) => column !== 'year');
    const order = rollup.key.join(', ');
    const stored = await rowsOf(subgraph, `SELECT * FROM ${rollup.table} ORDER BY ${order}`, textColumns);
    const detail = await rowsOf(subgraph, `SELECT * FROM (${rollup.detail(
      (column) => yearOf(db, column),
      (column) => dayOf(db, column),
      (column) => monthOf(db, column),
    )}) d ORDER BY ${order}`, textColumns);
    expect(stored.length, `${rollup.table} has rows`).toBeGreaterThan(0);
    expect({ table: rollup.table, rows: stored }).toEqual({ table: rollup.table, rows: detail });
  }
}

/** One number from a statement, e.g. a rollup's total. */
async function total(subgraph: RunningSubgraph, sql: string): Promise<number> {
  const [row] = (await subgraph.built.db.query(sql)) as Record<string, unknown>[];
  return Number(Object.values(row ?? {})[0]);
}

/** Posts a mutation and returns its payload, failing on any error. */
async function write<T = { replayed: boolean }>(subgraph: RunningSubgraph, mutation: string, field: string, input: object, identity: Identity): Promise<T> {
  const response = await subgraph.query<Record<string, T>>(mutation, { input }, identity);
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as T;
}

const SCALE = 2;

describe.each(testEngines)('rollups on $kind', (engine) => {
  describe('police-justice', () => {
    const officer: Identity = { agent: 'pp-desk', partner: 'pref-police', scopes: new Set(['police-justice:write']) };
    const recordOperation = 'mutation ($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) { replayed } }';
    const recordDeployment = 'mutation ($input: RecordPoliceDeploymentInput!) { recordPoliceDeployment(input: $input) { replayed } }';
    const operation = { date: '2023-06-15', sector: 'porte-de-la-chapelle', kind: 'SEARCH', description: 'Perquisition', leadPartner: 'parquet-paris' };
    const rollups: Rollup[] = [
      { table: 'police_operation_counts', key: ['sectorCode', 'year'], detail: (year) => `SELECT sectorCode, ${year('date')} AS year, COUNT(*) AS operations FROM police_operations GROUP BY sectorCode, ${year('date')}` },
      {
        table: 'police_deployment_counts',
        key: ['sectorCode', 'year'],
        detail: (year) => `SELECT sectorCode, ${year('deployedOn')} AS year, COUNT(*) AS shifts, SUM(officers) AS officerShifts FROM police_deployments GROUP BY sectorCode, ${year('deployedOn')}`,
      },
      {
        table: 'eviction_counts',
        key: ['sectorCode', 'year'],
        detail: (year) =>
          `SELECT sectorCode, ${year('occurredAt')} AS year, COUNT(*) AS evictions, SUM(consumersEvicted) AS consumersEvicted FROM evictions GROUP BY sectorCode, ${year('occurredAt')}`,
      },
      {
        table: 'prosecutable_case_counts',
        key: ['sectorCode', 'year'],
        detail: (year) =>
          `SELECT sectorCode, ${year('registeredOn')} AS year, COUNT(*) AS cases, SUM(CASE WHEN procedureKind = 'IMMEDIATE_APPEARANCE' THEN 1 ELSE 0 END) AS immediateAppearances
             FROM prosecutable_cases GROUP BY sectorCode, ${year('registeredOn')}`,
      },
      {
        table: 'therapeutic_injunction_counts',
        key: ['sectorCode', 'year'],
        detail: (year) => `SELECT sectorCode, ${year('orderedOn')} AS year, COUNT(*) AS injunctions FROM therapeutic_injunctions GROUP BY sectorCode, ${year('orderedOn')}`,
      },
      {
        table: 'eviction_days',
        key: ['sectorCode', 'day'],
        detail: (_, day) =>
          `SELECT sectorCode, ${day('occurredAt')} AS day, COUNT(*) AS evictions, SUM(consumersEvicted) AS consumersEvicted, SUM(CASE WHEN sceneReforming = 1 THEN 1 ELSE 0 END) AS reformingScenesEnded
             FROM evictions GROUP BY sectorCode, ${day('occurredAt')}`,
      },
    ];
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(policeJustice, await engine.freshDatabase('police-justice', 'rollups'), { scale: SCALE });
    });
    afterAll(async () => subgraph?.stop());

    it('after the seed, each rollup is the GROUP BY of its detail rows, and holds the communiqué’s counts', async () => {
      await expectRollupsEqualDetail(subgraph, rollups);
      // 730 cases in 2023, 226 of them immediate appearances; 295 injunctions (the communiqué).
      expect(await total(subgraph, 'SELECT SUM(cases) FROM prosecutable_case_counts WHERE year = 2023')).toBe(730);
      expect(await total(subgraph, 'SELECT SUM(immediateAppearances) FROM prosecutable_case_counts WHERE year = 2023')).toBe(226);
      expect(await total(subgraph, 'SELECT SUM(injunctions) FROM therapeutic_injunction_counts WHERE year = 2023')).toBe(295);
      // The Forceval dismantling and 3 operations a month per scale unit over 23 months.
      expect(await total(subgraph, 'SELECT SUM(operations) FROM police_operation_counts')).toBe(1 + 3 * SCALE * 23);
      // 400 evictions per scale unit.
      expect(await total(subgraph, 'SELECT SUM(evictions) FROM eviction_days')).toBe(400 * SCALE);
    });

    it('after writes — one replayed, three racing on a row not yet there, a shift of no officer — each rollup is still the GROUP BY of its detail rows', async () => {
      expect(await write(subgraph, recordOperation, 'recordPoliceOperation', { ...operation, idempotencyKey: 'rollup-op-0001' }, officer)).toEqual({ replayed: false });
      expect(await write(subgraph, recordOperation, 'recordPoliceOperation', { ...operation, idempotencyKey: 'rollup-op-0001' }, officer)).toEqual({ replayed: true });
      // Forceval has no operation in 2023 (it was dismantled in 2022): the three create its row together.
      const racing = await Promise.all(
        [1, 2, 3].map((n) => write(subgraph, recordOperation, 'recordPoliceOperation', { ...operation, sector: 'forceval', idempotencyKey: `rollup-op-race-${n}` }, officer)),
      );
      expect(racing).toEqual([{ replayed: false }, { replayed: false }, { replayed: false }]);
      const shift = { date: '2023-06-15', sector: 'forceval', shift: 'DAY', officers: 42 };
      expect(await write(subgraph, recordDeployment, 'recordPoliceDeployment', { ...shift, idempotencyKey: 'rollup-shift-0001' }, officer)).toEqual({ replayed: false });
      expect(await write(subgraph, recordDeployment, 'recordPoliceDeployment', { ...shift, date: '2021-03-01', officers: 0, idempotencyKey: 'rollup-shift-0002' }, officer)).toEqual({
        replayed: false,
      });

      await expectRollupsEqualDetail(subgraph, rollups);
      expect(await total(subgraph, 'SELECT SUM(operations) FROM police_operation_counts')).toBe(1 + 3 * SCALE * 23 + 4);
      expect(await total(subgraph, "SELECT operations FROM police_operation_counts WHERE sectorCode = 'forceval' AND year = 2023")).toBe(3);
      expect(await total(subgraph, "SELECT shifts FROM police_deployment_counts WHERE sectorCode = 'forceval' AND year = 2021")).toBe(1);
      expect(await total(subgraph, "SELECT officerShifts FROM police_deployment_counts WHERE sectorCode = 'forceval' AND year = 2023")).toBe(42);
    });
  });

  describe('health', () => {
    const rollups: Rollup[] = [
      {
        table: 'hospital_team_intervention_counts',
        key: ['teamId', 'sectorCode', 'year'],
        detail: (year) =>
          `SELECT teamId, sectorCode, ${year('performedOn')} AS year, COUNT(*) AS interventions FROM hospital_team_interventions GROUP BY teamId, sectorCode, ${year('performedOn')}`,
      },
      { table: 'nursing_act_counts', key: ['siteCode', 'year'], detail: (year) => `SELECT siteCode, ${year('performedOn')} AS year, COUNT(*) AS acts FROM nursing_acts GROUP BY siteCode, ${year('performedOn')}` },
      {
        table: 'hospital_team_intervention_days',
        key: ['sectorCode', 'day'],
        detail: () => 'SELECT sectorCode, performedOn AS day, COUNT(*) AS interventions FROM hospital_team_interventions GROUP BY sectorCode, performedOn',
      },
    ];
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(health, await engine.freshDatabase('health', 'rollups'), { scale: SCALE });
    });
    afterAll(async () => subgraph?.stop());

    it('after the seed, each rollup is the GROUP BY of its detail rows, and holds the communiqué’s nursing acts', async () => {
      await expectRollupsEqualDetail(subgraph, rollups);
      // 1,450 nursing acts in 2022 and 3,050 in 2023 to 30 November (the communiqué); no mutation writes them.
      expect(await rowsOf(subgraph, 'SELECT year, SUM(acts) AS acts FROM nursing_act_counts GROUP BY year ORDER BY year', [])).toEqual([
        { year: 2022, acts: 1450 },
        { year: 2023, acts: 3050 },
      ]);
    });
  });

  describe('social', () => {
    const socialWorker: Identity = { agent: 'uasa-desk', partner: 'ville-paris', scopes: new Set(['social:write']) };
    const recordRound = 'mutation ($input: RecordOutreachRoundInput!) { recordOutreachRound(input: $input) { replayed } }';
    const recordReport = 'mutation ($input: RecordResidentReportInput!) { recordResidentReport(input: $input) { replayed report { id } } }';
    const recordHandled = 'mutation ($input: RecordResidentReportHandledInput!) { recordResidentReportHandled(input: $input) { replayed } }';
    const rollups: Rollup[] = [
      {
        table: 'outreach_round_counts',
        key: ['sectorCode', 'year'],
        detail: (year) => `SELECT sectorCode, ${year('date')} AS year, COUNT(*) AS rounds, SUM(contactsMade) AS contactsMade FROM outreach_rounds GROUP BY sectorCode, ${year('date')}`,
      },
      {
        table: 'resident_report_counts',
        key: ['sectorCode', 'year'],
        detail: (year) => `SELECT sectorCode, ${year('receivedAt')} AS year, COUNT(*) AS reports, COUNT(handledAt) AS handled FROM resident_reports GROUP BY sectorCode, ${year('receivedAt')}`,
      },
      {
        table: 'outreach_round_days',
        key: ['sectorCode', 'day', 'slot', 'level'],
        detail: () => 'SELECT sectorCode, date AS day, slot, level, COUNT(*) AS rounds, SUM(contactsMade) AS contactsMade FROM outreach_rounds GROUP BY sectorCode, date, slot, level',
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
      expect(await write(subgraph, recordRound, 'recordOutreachRound', { ...round, idempotencyKey: 'rollup-round-0001' }, socialWorker)).toEqual({ replayed: false });
      expect(await write(subgraph, recordRound, 'recordOutreachRound', { ...round, idempotencyKey: 'rollup-round-0001' }, socialWorker)).toEqual({ replayed: true });
      const report = { receivedAt: '2022-12-31T23:30:00Z', sector: 'forceval', reporterKind: 'RESIDENT', idempotencyKey: 'rollup-report-0001' };
      const recorded = await write<{ report: { id: string } }>(subgraph, recordReport, 'recordResidentReport', report, socialWorker);
      const answer = { reportId: recorded.report.id, handledAt: '2023-01-01T00:15:00Z', team: 'UASA – équipe mobile 1', idempotencyKey: 'rollup-answer-0001' };
      expect(await write(subgraph, recordHandled, 'recordResidentReportHandled', answer, socialWorker)).toEqual({ replayed: false });
      expect(await write(subgraph, recordHandled, 'recordResidentReportHandled', answer, socialWorker)).toEqual({ replayed: true });

      await expectRollupsEqualDetail(subgraph, rollups);
      // The seed's reports are all of 2023: the new one alone makes Forceval's 2022 row, answered.
      expect(await rowsOf(subgraph, "SELECT reports, handled FROM resident_report_counts WHERE sectorCode = 'forceval' AND year = 2022", [])).toEqual([{ reports: 1, handled: 1 }]);
      // ...and its day, the UTC day it was received, with the 45 minutes it waited for its answer.
      expect(await rowsOf(subgraph, "SELECT day, received, handled, handlingMinutes FROM resident_report_days WHERE sectorCode = 'forceval' AND day < '2023-01-01'", ['day'])).toEqual([
        { day: '2022-12-31', received: 1, handled: 1, handlingMinutes: 45 },
      ]);
      // The round after the seed's last day makes its own row.
      expect(await rowsOf(subgraph, "SELECT rounds, contactsMade FROM outreach_round_days WHERE sectorCode = 'stalingrad' AND day = '2023-12-01'", [])).toEqual([{ rounds: 1, contactsMade: 7 }]);
      expect(await total(subgraph, 'SELECT SUM(rounds) FROM outreach_round_counts')).toBe(24 * 699 + 6 * 40 * (SCALE - 1) + 1);
    });
  });

  describe('ratp', () => {
    const ratpAgent: Identity = { agent: 'ratp-security', partner: 'ratp', scopes: new Set(['ratp:write']) };
    const recordIncident = 'mutation ($input: RecordStationIncidentInput!) { recordStationIncident(input: $input) { replayed } }';
    const rollups: Rollup[] = [
      {
        table: 'ratp_station_incident_counts',
        key: ['stationCode', 'year'],
        detail: (year) =>
          `SELECT stationCode, ${year('occurredAt')} AS year, COUNT(*) AS incidents, SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END) AS interruptions
             FROM ratp_station_incidents GROUP BY stationCode, ${year('occurredAt')}`,
      },
      { table: 'ratp_joint_patrol_counts', key: ['stationCode', 'year'], detail: (year) => `SELECT stationCode, ${year('date')} AS year, COUNT(*) AS patrols FROM ratp_joint_patrols GROUP BY stationCode, ${year('date')}` },
      {
        table: 'ratp_station_incident_days',
        key: ['stationCode', 'day', 'kind'],
        detail: (_, day) =>
          `SELECT stationCode, ${day('occurredAt')} AS day, kind, COUNT(*) AS incidents, SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END) AS interruptions
             FROM ratp_station_incidents GROUP BY stationCode, ${day('occurredAt')}, kind`,
      },
      {
        table: 'ratp_station_incident_months',
        key: ['stationCode', 'month', 'kind'],
        detail: (_, __, month) =>
          `SELECT stationCode, ${month('occurredAt')} AS month, kind, COUNT(*) AS incidents, SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END) AS interruptions
             FROM ratp_station_incidents GROUP BY stationCode, ${month('occurredAt')}, kind`,
      },
    ];
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(ratp, await engine.freshDatabase('ratp', 'rollups'), { scale: SCALE });
    });
    afterAll(async () => subgraph?.stop());

    it('after the seed, each rollup is the GROUP BY of its detail rows', async () => {
      await expectRollupsEqualDetail(subgraph, rollups);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_counts')).toBe(3000 * SCALE);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_days')).toBe(3000 * SCALE);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_months')).toBe(3000 * SCALE);
    });

    it('after writes — one replayed, one in the last minutes of 2022 (UTC), already 2023 in Paris — each rollup is still the GROUP BY of its detail rows', async () => {
      const lateIncident = { station: 'jaures', occurredAt: '2022-12-31T23:30:00Z', kind: 'DEALING', trainTrafficInterrupted: true, idempotencyKey: 'rollup-incident-0001' };
      expect(await write(subgraph, recordIncident, 'recordStationIncident', lateIncident, ratpAgent)).toEqual({ replayed: false });
      expect(await write(subgraph, recordIncident, 'recordStationIncident', lateIncident, ratpAgent)).toEqual({ replayed: true });
      const summerIncident = { ...lateIncident, occurredAt: '2023-06-01T10:00:00+02:00', trainTrafficInterrupted: false, idempotencyKey: 'rollup-incident-0002' };
      expect(await write(subgraph, recordIncident, 'recordStationIncident', summerIncident, ratpAgent)).toEqual({ replayed: false });

      await expectRollupsEqualDetail(subgraph, rollups);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_counts')).toBe(3000 * SCALE + 2);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_days')).toBe(3000 * SCALE + 2);
      expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_months')).toBe(3000 * SCALE + 2);
    });
  });
});

// An embedded SQLite file seeded before a rollup existed has that table empty: the start rebuilds it.
describe('an embedded database from before the rollups', () => {
  it('gets its rollups rebuilt from the detail rows at start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plancrack-rollups-')), 'police-justice.sqlite');
    const figure = '{ policeJusticeFigures { policeOperations { year(year: 2023) { value } } } }';
    const first = await startSubgraph(policeJustice, { kind: 'sqlite', file });
    const seeded = await first.query(figure);
    await first.built.db.query('DELETE FROM police_operation_counts');
    expect(await first.query(figure)).toEqual({ data: { policeJusticeFigures: { policeOperations: { year: null } } } });
    await first.stop();
    const restarted = await startSubgraph(policeJustice, { kind: 'sqlite', file });
    try {
      expect(await restarted.query(figure)).toEqual(seeded);
      expect(seeded).toEqual({ data: { policeJusticeFigures: { policeOperations: { year: { value: 33 } } } } });
    } finally {
      await restarted.stop();
    }
  });
});
