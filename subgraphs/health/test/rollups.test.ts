import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as health } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { expectRollupsEqualDetail, type Rollup, rowsOf, SCALE } from '../../../test/support/rollups.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

// Each health rollup holds exactly the `GROUP BY` of its detail rows, after the seed and after writes (test/support/rollups.ts).
describe.each(testEngines)('health rollups on $kind', (engine) => {
  const rollups: Rollup[] = [
    {
      table: 'hospital_team_intervention_counts',
      key: ['teamId', 'sectorCode', 'year'],
      detail: (year) =>
        `SELECT teamId, sectorCode, ${year('performedOn')} AS year, COUNT(*) AS interventions FROM hospital_team_interventions GROUP BY teamId, sectorCode, ${year('performedOn')}`,
    },
    {
      table: 'nursing_act_counts',
      key: ['siteCode', 'year'],
      detail: (year) =>
        `SELECT siteCode, ${year('performedOn')} AS year, COUNT(*) AS acts FROM nursing_acts GROUP BY siteCode, ${year('performedOn')}`,
    },
    {
      table: 'hospital_team_intervention_days',
      key: ['sectorCode', 'day'],
      detail: () =>
        'SELECT sectorCode, performedOn AS day, COUNT(*) AS interventions FROM hospital_team_interventions GROUP BY sectorCode, performedOn',
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
