import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { definition as ratp } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { expectRollupsEqualDetail, type Rollup, SCALE, total, write } from '../../../test/support/rollups.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

// Each ratp rollup holds exactly the `GROUP BY` of its detail rows, after the seed and after writes (test/support/rollups.ts).
describe.each(testEngines)('ratp rollups on $kind', (engine) => {
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
    {
      table: 'ratp_joint_patrol_counts',
      key: ['stationCode', 'year'],
      detail: (year) =>
        `SELECT stationCode, ${year('date')} AS year, COUNT(*) AS patrols FROM ratp_joint_patrols GROUP BY stationCode, ${year('date')}`,
    },
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
    const lateIncident = {
      station: 'jaures',
      occurredAt: '2022-12-31T23:30:00Z',
      kind: 'DEALING',
      trainTrafficInterrupted: true,
      idempotencyKey: 'rollup-incident-0001',
    };
    expect(await write(subgraph, recordIncident, 'recordStationIncident', lateIncident, ratpAgent)).toEqual({ replayed: false });
    expect(await write(subgraph, recordIncident, 'recordStationIncident', lateIncident, ratpAgent)).toEqual({ replayed: true });
    const summerIncident = {
      ...lateIncident,
      occurredAt: '2023-06-01T10:00:00+02:00',
      trainTrafficInterrupted: false,
      idempotencyKey: 'rollup-incident-0002',
    };
    expect(await write(subgraph, recordIncident, 'recordStationIncident', summerIncident, ratpAgent)).toEqual({ replayed: false });

    await expectRollupsEqualDetail(subgraph, rollups);
    expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_counts')).toBe(3000 * SCALE + 2);
    expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_days')).toBe(3000 * SCALE + 2);
    expect(await total(subgraph, 'SELECT SUM(incidents) FROM ratp_station_incident_months')).toBe(3000 * SCALE + 2);
  });
});
