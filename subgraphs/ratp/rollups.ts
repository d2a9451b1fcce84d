import type { EntityManager } from 'typeorm';
import { addToCounters, calendarYear, rebuildRollup, yearOf } from '../shared/sql.js';
import { RatpJointPatrolCount, StationIncidentCount, type StationIncident } from './entities/index.js';

/**
 * The rollups of ratp: per station and year, what the yearly figures count (`ratpMetrics` in
 * loaders.ts). A recorded incident is counted in its own transaction; the seed rebuilds them.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.connection, column);
  await rebuildRollup(
    manager,
    StationIncidentCount,
    ['stationCode', 'year', 'incidents', 'interruptions'],
    `SELECT stationCode, ${year('occurredAt')}, COUNT(*), SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END)
       FROM ratp_station_incidents GROUP BY stationCode, ${year('occurredAt')}`,
  );
  await rebuildRollup(
    manager,
    RatpJointPatrolCount,
    ['stationCode', 'year', 'patrols'],
    `SELECT stationCode, ${year('date')}, COUNT(*) FROM ratp_joint_patrols GROUP BY stationCode, ${year('date')}`,
  );
}

/** Counts a recorded incident, in the transaction that inserts it. */
export const countIncident = (manager: EntityManager, incident: StationIncident): Promise<void> =>
  addToCounters(
    manager,
    StationIncidentCount,
    { stationCode: incident.stationCode, year: calendarYear(incident.occurredAt) },
    { incidents: 1, interruptions: incident.trainTrafficInterrupted ? 1 : 0 },
  );
