import type { EntityManager } from 'typeorm';
import { addToCounters, calendarDay, calendarYear, dayOf, minutesBetween, rebuildRollup, yearOf } from '../shared/sql.js';
import {
  OutreachRoundCount,
  OutreachRoundDay,
  ResidentReportCount,
  ResidentReportDay,
  type OutreachRound,
  type ResidentReport,
} from './entities/index.js';

/**
 * The rollups of social: per sector and year, what the yearly figures of rounds and reports count
 * (see loaders.ts), and per sector and day what the summaries over a date range aggregate. A
 * mutation counts its row in its own transaction; the seed rebuilds them.
 */

/** Rebuilds every rollup from the detail rows: one `INSERT … SELECT … GROUP BY` each. */
export async function rebuildRollups(manager: EntityManager): Promise<void> {
  const year = (column: string) => yearOf(manager.dataSource, column);
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
  await rebuildRollup(
    manager,
    OutreachRoundDay,
    ['sectorCode', 'day', 'slot', 'level', 'rounds', 'contactsMade'],
    `SELECT sectorCode, date, slot, level, COUNT(*), SUM(contactsMade) FROM outreach_rounds GROUP BY sectorCode, date, slot, level`,
  );
  const day = dayOf(manager.dataSource, 'receivedAt');
  await rebuildRollup(
    manager,
    ResidentReportDay,
    ['sectorCode', 'day', 'reporterKind', 'planActionId', 'received', 'handled', 'handlingMinutes'],
    `SELECT sectorCode, ${day}, reporterKind, planActionId, COUNT(*), COUNT(handledAt), COALESCE(SUM(${minutesBetween(manager.dataSource, 'receivedAt', 'handledAt')}), 0)
       FROM resident_reports GROUP BY sectorCode, ${day}, reporterKind, planActionId`,
  );
}

/** Counts a recorded round and its contacts in its year and on its day, in the transaction that inserts it. */
export async function countRound(manager: EntityManager, round: OutreachRound): Promise<void> {
  await addToCounters(
    manager,
    OutreachRoundCount,
    { sectorCode: round.sectorCode, year: calendarYear(round.date) },
    { rounds: 1, contactsMade: round.contactsMade },
  );
  await addToCounters(
    manager,
    OutreachRoundDay,
    { sectorCode: round.sectorCode, day: calendarDay(round.date), slot: round.slot, level: round.level },
    { rounds: 1, contactsMade: round.contactsMade },
  );
}

const reportDayKey = (report: ResidentReport) => ({
  sectorCode: report.sectorCode,
  day: calendarDay(report.receivedAt),
  reporterKind: report.reporterKind,
  planActionId: report.planActionId,
});

/** Counts a received (still unanswered) report, in the transaction that inserts it. */
export async function countReport(manager: EntityManager, report: ResidentReport): Promise<void> {
  if (report.handledAt !== null)
    throw new Error(`report ${report.id}: a new report is counted unanswered; count its answer with countAnswer`);
  await addToCounters(
    manager,
    ResidentReportCount,
    { sectorCode: report.sectorCode, year: calendarYear(report.receivedAt) },
    { reports: 1, handled: 0 },
  );
  await addToCounters(manager, ResidentReportDay, reportDayKey(report), { received: 1, handled: 0, handlingMinutes: 0 });
}

/**
 * Counts the answer to a report in the year and on the day the report was received, in the
 * transaction that stored its handledAt. The minutes are read back from the stored row with the
 * summaries' own SQL, so that they agree with the detail rows on either engine (MySQL truncates,
 * SQLite rounds; stored datetimes drop sub-seconds).
 */
export async function countAnswer(manager: EntityManager, report: ResidentReport): Promise<void> {
  await addToCounters(
    manager,
    ResidentReportCount,
    { sectorCode: report.sectorCode, year: calendarYear(report.receivedAt) },
    { reports: 0, handled: 1 },
  );
  const [stored] = await manager.query<
    {
      minutes: unknown;
    }[]
  >(`SELECT ${minutesBetween(manager.dataSource, 'receivedAt', 'handledAt')} AS minutes FROM resident_reports WHERE id = ?`, [report.id]);
  const minutes = Number(stored?.minutes);
  if (!Number.isSafeInteger(minutes))
    throw new Error(`report ${report.id}: no handling minutes to count (is it answered?), got ${String(stored?.minutes)}`);
  await addToCounters(manager, ResidentReportDay, reportDayKey(report), { received: 0, handled: 1, handlingMinutes: minutes });
}
