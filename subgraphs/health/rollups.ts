import type { EntityManager } from 'typeorm';
import { rebuildRollup, yearOf } from '../shared/sql.js';
import { HospitalTeamInterventionCount, HospitalTeamInterventionDay, NursingActCount } from './entities/index.js';

/**
 * The rollups of health: per team and sector, or per reception site, and year, what the yearly
 * figures count, and per sector and day the interventions the series by period count (see
 * loaders.ts). No mutation writes their detail rows; the seed rebuilds them.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.dataSource, column);
  await rebuildRollup(
    manager,
    HospitalTeamInterventionCount,
    ['teamId', 'sectorCode', 'year', 'interventions'],
    `SELECT teamId, sectorCode, ${year('performedOn')}, COUNT(*) FROM hospital_team_interventions GROUP BY teamId, sectorCode, ${year('performedOn')}`,
  );
  await rebuildRollup(
    manager,
    NursingActCount,
    ['siteCode', 'year', 'acts'],
    `SELECT siteCode, ${year('performedOn')}, COUNT(*) FROM nursing_acts GROUP BY siteCode, ${year('performedOn')}`,
  );
  await rebuildRollup(
    manager,
    HospitalTeamInterventionDay,
    ['sectorCode', 'day', 'interventions'],
    'SELECT sectorCode, performedOn, COUNT(*) FROM hospital_team_interventions GROUP BY sectorCode, performedOn',
  );
}
