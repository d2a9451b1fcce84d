import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { definition as policeJustice } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { expectRollupsEqualDetail, type Rollup, SCALE, total, write } from '../../../test/support/rollups.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

// Each police-justice rollup holds exactly the `GROUP BY` of its detail rows, after the seed and after writes (test/support/rollups.ts).
describe.each(testEngines)('police-justice rollups on $kind', (engine) => {
  const officer: Identity = { agent: 'pp-desk', partner: 'pref-police', scopes: new Set(['police-justice:write']) };
  const recordOperation = 'mutation ($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) { replayed } }';
  const recordDeployment = 'mutation ($input: RecordPoliceDeploymentInput!) { recordPoliceDeployment(input: $input) { replayed } }';
  const operation = {
    date: '2023-06-15',
    sector: 'porte-de-la-chapelle',
    kind: 'SEARCH',
    description: 'Perquisition',
    leadPartner: 'parquet-paris',
  };
  const rollups: Rollup[] = [
    {
      table: 'police_operation_counts',
      key: ['sectorCode', 'year'],
      detail: (year) =>
        `SELECT sectorCode, ${year('date')} AS year, COUNT(*) AS operations FROM police_operations GROUP BY sectorCode, ${year('date')}`,
    },
    {
      table: 'police_deployment_counts',
      key: ['sectorCode', 'year'],
      detail: (year) =>
        `SELECT sectorCode, ${year('deployedOn')} AS year, COUNT(*) AS shifts, SUM(officers) AS officerShifts FROM police_deployments GROUP BY sectorCode, ${year('deployedOn')}`,
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
      detail: (year) =>
        `SELECT sectorCode, ${year('orderedOn')} AS year, COUNT(*) AS injunctions FROM therapeutic_injunctions GROUP BY sectorCode, ${year('orderedOn')}`,
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
    expect(
      await write(subgraph, recordOperation, 'recordPoliceOperation', { ...operation, idempotencyKey: 'rollup-op-0001' }, officer),
    ).toEqual({ replayed: false });
    expect(
      await write(subgraph, recordOperation, 'recordPoliceOperation', { ...operation, idempotencyKey: 'rollup-op-0001' }, officer),
    ).toEqual({ replayed: true });
    // Forceval has no operation in 2023 (it was dismantled in 2022): the three create its row together.
    const racing = await Promise.all(
      [1, 2, 3].map((n) =>
        write(
          subgraph,
          recordOperation,
          'recordPoliceOperation',
          { ...operation, sector: 'forceval', idempotencyKey: `rollup-op-race-${n}` },
          officer,
        ),
      ),
    );
    expect(racing).toEqual([{ replayed: false }, { replayed: false }, { replayed: false }]);
    const shift = { date: '2023-06-15', sector: 'forceval', shift: 'DAY', officers: 42 };
    expect(
      await write(subgraph, recordDeployment, 'recordPoliceDeployment', { ...shift, idempotencyKey: 'rollup-shift-0001' }, officer),
    ).toEqual({ replayed: false });
    expect(
      await write(
        subgraph,
        recordDeployment,
        'recordPoliceDeployment',
        { ...shift, date: '2021-03-01', officers: 0, idempotencyKey: 'rollup-shift-0002' },
        officer,
      ),
    ).toEqual({
      replayed: false,
    });

    await expectRollupsEqualDetail(subgraph, rollups);
    expect(await total(subgraph, 'SELECT SUM(operations) FROM police_operation_counts')).toBe(1 + 3 * SCALE * 23 + 4);
    expect(await total(subgraph, "SELECT operations FROM police_operation_counts WHERE sectorCode = 'forceval' AND year = 2023")).toBe(3);
    expect(await total(subgraph, "SELECT shifts FROM police_deployment_counts WHERE sectorCode = 'forceval' AND year = 2021")).toBe(1);
    expect(await total(subgraph, "SELECT officerShifts FROM police_deployment_counts WHERE sectorCode = 'forceval' AND year = 2023")).toBe(
      42,
    );
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
