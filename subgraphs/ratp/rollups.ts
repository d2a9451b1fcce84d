import type { EntityManager } from 'typeorm';
import { addToCounters, calendarDay, calendarMonth, calendarYear, dayOf, monthOf, rebuildRollup, yearOf } from '../shared/sql.js';
import {
  RatpJointPatrolCount,
  StationIncidentCount,
  StationIncidentDay,
  StationIncidentMonth,
  type StationIncident,
} from './entities/index.js';

/**
 * The rollups of ratp: per station and year, what the yearly figures count (`ratpMetrics` in
 * loaders.ts), and per station, day (or month) and kind what the incident summaries over a date range
 * count: whole months from the monthly rollup, the days at the period's edges from the daily one.
 * A recorded incident is counted in its own transaction; the seed rebuilds them. Joint patrols get
 * no daily rollup: at most two a day per sector, their table is already bounded by days × sectors.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.dataSource, column);
  await rebuildRollup(
    manager,
    StationIncidentCount,
    ['stationCode', 'year', 'incidents', 'interruptions'],
    `SELECT stationCode, ${year('occurredAt')}, COUNT(*), SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END)
       FROM ratp_station_incidents GROUP BY stationCode, ${year('occurredAt')}`,
  );
  const day = dayOf(manager.dataSource, 'occurredAt');
  await rebuildRollup(
    manager,
    StationIncidentDay,
    ['stationCode', 'day', 'kind', 'incidents', 'interruptions'],
    `SELECT stationCode, ${day}, kind, COUNT(*), SUM(CASE WHEN trainTrafficInterrupted = 1 THEN 1 ELSE 0 END)
       FROM ratp_station_incidents GROUP BY stationCode, ${day}, kind`,
  );
  const month = monthOf(manager.dataSource, 'day');
  await rebuildRollup(
    manager,
    StationIncidentMonth,
    ['stationCode', 'month', 'kind', 'incidents', 'interruptions'],
    `SELECT stationCode, ${month}, kind, SUM(incidents), SUM(interruptions) FROM ratp_station_incident_days GROUP BY stationCode, ${month}, kind`,
  );
  await rebuildRollup(
    manager,
    RatpJointPatrolCount,
    ['stationCode', 'year', 'patrols'],
    `SELECT stationCode, ${year('date')}, COUNT(*) FROM ratp_joint_patrols GROUP BY stationCode, ${year('date')}`,
  );
}

/** Counts a recorded incident in its year, month and day, in the transaction that inserts it. */
export async function countIncident(manager: EntityManager, incident: StationIncident): Promise<void> {
  const counts = { incidents: 1, interruptions: incident.trainTrafficInterrupted ? 1 : 0 };
  await addToCounters(
    manager,
    StationIncidentCount,
    { stationCode: incident.stationCode, year: calendarYear(incident.occurredAt) },
    counts,
  );
  await addToCounters(
    manager,
    StationIncidentDay,
    { stationCode: incident.stationCode, day: calendarDay(incident.occurredAt), kind: incident.kind },
    counts,
  );
  await addToCounters(
    manager,
    StationIncidentMonth,
    { stationCode: incident.stationCode, month: calendarMonth(incident.occurredAt), kind: incident.kind },
    counts,
  );
}
