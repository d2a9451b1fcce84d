import type { EntityManager } from 'typeorm';
import { addToCounters, calendarYear, rebuildRollup, yearOf } from '../shared/sql.js';
import { OutreachRoundCount, ResidentReportCount, type OutreachRound, type ResidentReport } from './entities/index.js';

/**
 * The rollups of social: per sector and year, what the yearly figures of rounds and reports count
 * (see loaders.ts). A mutation counts its row in its own transaction; the seed rebuilds them.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.connection, column);
  await rebuildRollup(
    manager,
    OutreachRoundCount,
    ['sectorCode', 'year', 'rounds', 'contactsMade'],
    `SELECT sectorCode, ${year('date')}, COUNT(*), SUM(contactsMade) FROM outreach_rounds GROUP BY sectorCode, ${year('date')}`,
  );
  await rebuildRollup(
    manager,
    ResidentReportCount,
    ['sectorCode', 'year', 'reports', 'handled'],
    `SELECT sectorCode, ${year('receivedAt')}, COUNT(*), COUNT(handledAt) FROM resident_reports GROUP BY sectorCode, ${year('receivedAt')}`,
  );
}

/** Counts a recorded round and its contacts, in the transaction that inserts it. */
export const countRound = (manager: EntityManager, round: OutreachRound): Promise<void> =>
  addToCounters(manager, OutreachRoundCount, { sectorCode: round.sectorCode, year: calendarYear(round.date) }, { rounds: 1, contactsMade: round.contactsMade });

/** Counts a received report, in the transaction that inserts it. */
export const countReport = (manager: EntityManager, report: ResidentReport): Promise<void> =>
  addToCounters(manager, ResidentReportCount, { sectorCode: report.sectorCode, year: calendarYear(report.receivedAt) }, { reports: 1, handled: report.handledAt === null ? 0 : 1 });

/** Counts the answer to a report, in the year the report was received, in the transaction that records it. */
export const countAnswer = (manager: EntityManager, report: ResidentReport): Promise<void> =>
  addToCounters(manager, ResidentReportCount, { sectorCode: report.sectorCode, year: calendarYear(report.receivedAt) }, { reports: 0, handled: 1 });
