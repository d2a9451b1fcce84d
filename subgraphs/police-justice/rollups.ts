import type { EntityManager } from 'typeorm';
import { addToCounters, calendarYear, dayOf, rebuildRollup, yearOf } from '../shared/sql.js';
import {
  EvictionCount,
  EvictionDay,
  PoliceDeploymentCount,
  PoliceOperationCount,
  ProsecutableCaseCount,
  TherapeuticInjunctionCount,
  type PoliceDeployment,
  type PoliceOperation,
} from './entities/index.js';

/**
 * The rollups of police-justice: per sector and year, what the yearly figures aggregate (see
 * `metrics` in loaders.ts). A mutation counts its row in its own transaction; the seed rebuilds
 * every rollup from the detail rows. Evictions also get a daily rollup for the summaries over a
 * date range; deployments do not: one row per day, shift and sector, their table is already bounded
 * by days × sectors. Operations are listed, not summed: see `operationsBySector` in loaders.ts.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.dataSource, column);
  await rebuildRollup(
    manager,
    PoliceOperationCount,
    ['sectorCode', 'year', 'operations'],
    `SELECT sectorCode, ${year('date')}, COUNT(*) FROM police_operations GROUP BY sectorCode, ${year('date')}`,
  );
  await rebuildRollup(
    manager,
    PoliceDeploymentCount,
    ['sectorCode', 'year', 'shifts', 'officerShifts'],
    `SELECT sectorCode, ${year('deployedOn')}, COUNT(*), SUM(officers) FROM police_deployments GROUP BY sectorCode, ${year('deployedOn')}`,
  );
  await rebuildRollup(
    manager,
    EvictionCount,
    ['sectorCode', 'year', 'evictions', 'consumersEvicted'],
    `SELECT sectorCode, ${year('occurredAt')}, COUNT(*), SUM(consumersEvicted) FROM evictions GROUP BY sectorCode, ${year('occurredAt')}`,
  );
  await rebuildRollup(
    manager,
    ProsecutableCaseCount,
    ['sectorCode', 'year', 'cases', 'immediateAppearances'],
    `SELECT sectorCode, ${year('registeredOn')}, COUNT(*), SUM(CASE WHEN procedureKind = 'IMMEDIATE_APPEARANCE' THEN 1 ELSE 0 END)
       FROM prosecutable_cases GROUP BY sectorCode, ${year('registeredOn')}`,
  );
  await rebuildRollup(
    manager,
    TherapeuticInjunctionCount,
    ['sectorCode', 'year', 'injunctions'],
    `SELECT sectorCode, ${year('orderedOn')}, COUNT(*) FROM therapeutic_injunctions GROUP BY sectorCode, ${year('orderedOn')}`,
  );
  const day = dayOf(manager.dataSource, 'occurredAt');
  await rebuildRollup(
    manager,
    EvictionDay,
    ['sectorCode', 'day', 'evictions', 'consumersEvicted', 'reformingScenesEnded'],
    `SELECT sectorCode, ${day}, COUNT(*), SUM(consumersEvicted), SUM(CASE WHEN sceneReforming = 1 THEN 1 ELSE 0 END) FROM evictions GROUP BY sectorCode, ${day}`,
  );
}

/** Counts a recorded operation, in the transaction that inserts it. */
export const countOperation = (manager: EntityManager, operation: PoliceOperation): Promise<void> =>
  addToCounters(manager, PoliceOperationCount, { sectorCode: operation.sectorCode, year: calendarYear(operation.date) }, { operations: 1 });

/** Counts a recorded shift's officers, in the transaction that inserts it. */
export const countDeployment = (manager: EntityManager, deployment: PoliceDeployment): Promise<void> =>
  addToCounters(
    manager,
    PoliceDeploymentCount,
    { sectorCode: deployment.sectorCode, year: calendarYear(deployment.deployedOn) },
    { shifts: 1, officerShifts: deployment.officers },
  );
