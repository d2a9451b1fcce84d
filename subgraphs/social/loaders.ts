import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { DateRange } from '../shared/arguments.js';
import { type MetricDefinition, sectorSeries, smallCountsSuppressed } from '../shared/disclosure.js';
import { planWideSeries, type FigureSeries } from '../shared/figures.js';
import { daily, type FigureDaySources } from '../shared/figure-days.js';
import { LoaderFamily, listLoader, rowLoader } from '../shared/loaders.js';
import { sectorCodes } from '../shared/sectors.js';
import { dateRangeFilter, placeholders, toInt, toNullableNumber, weekdayOf, whereAll, yearOf } from '../shared/sql.js';
import type { SubgraphSettings } from '../shared/subgraph.js';
import {
  CaredPerson,
  CarePathway,
  OutreachRound,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
  PublicMeeting,
  ReceptionSite,
  ReceptionSiteEvent,
  RightsAccessAct,
  SiteAttendance,
  outreachLevels,
  outreachSlots,
  type OutreachLevel,
  type OutreachSlot,
  type ResidentReporterKind,
} from './entities/index.js';

/** The Porte de la Chapelle rest space, whose figures the communiqué gives. */
export const REST_SPACE_CODE = 'porte-de-la-chapelle-rest-space';

/** The key that stands for "every sector" in the loaders that aggregate by sector or over all of them. */
export const ALL = '*';

export const socialMetrics = [
  'restSpaceVisits',
  'peopleCaredFor',
  'womenCaredFor',
  'rightsAccessActs',
  'outreachRounds',
  'residentReports',
] as const;
export type SocialMetric = (typeof socialMetrics)[number];

export const socialSectorMetrics = ['outreachRounds', 'outreachContacts', 'residentReports', 'residentReportsHandled'] as const;
export type SocialSectorMetric = (typeof socialSectorMetrics)[number];

/** The tables the per-sector series come from: each one's metrics are aggregated in one statement. */
export type SectorSeriesSource = 'rounds' | 'reports';

/** One series per metric of a source, for one sector. */
export type SectorSeries = Partial<Record<SocialSectorMetric, FigureSeries>>;

export interface AttendanceFigures {
  readonly siteCode: string;
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  readonly days: number;
  readonly visits: number;
  readonly averagePerDay: number | null;
  readonly minVisits: number | null;
  readonly maxVisits: number | null;
}

export interface CoverageFigures {
  readonly scope: string;
  readonly rounds: number;
  readonly daysCovered: number;
  readonly daysWithBothSlots: number;
  readonly daysWithBothLevels: number;
  readonly daysFullyCovered: number;
  readonly contactsMade: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekdays: number[];
  readonly slots: OutreachSlot[];
  readonly levels: OutreachLevel[];
  readonly sectorCodes: string[];
}

export interface ReportFigures {
  readonly received: number;
  readonly handled: number;
  readonly pending: number;
  readonly averageHandlingMinutes: number | null;
}

export interface ReportSummaryFigures extends ReportFigures {
  readonly byReporterKind: (ReportFigures & { readonly reporterKind: ResidentReporterKind })[];
}

/** What reports are grouped by: a sector, a plan action, or nothing (every report). */
export type ReportScope = 'sectorCode' | 'planActionId' | 'all';

/**
 * Every series this subgraph serves, plan-wide or per sector; where both exist the name and unit are
 * the same (`outreachRounds`, `residentReports`), so that the six sectors' values of a year add up
 * to the plan-wide value.
 *
 * Disclosure: each counts people (people cared for, women among them, contacts made) or events
 * that involve people (visits, rights-access acts, residents' reports and their answers), so each
 * is 'small-counts-suppressed' below the plan-wide level. Outreach rounds count the teams' own work
 * rather than people; they are suppressed all the same, since a sector's few rounds of a year are
 * the few days its people were met.
 */
export const socialMetricDefinitions = {
  restSpaceVisits: { metric: 'rest-space-visits', unit: 'visit', disclosure: smallCountsSuppressed },
  peopleCaredFor: { metric: 'people-cared-for', unit: 'person', disclosure: smallCountsSuppressed },
  womenCaredFor: { metric: 'women-cared-for', unit: 'person', disclosure: smallCountsSuppressed },
  rightsAccessActs: { metric: 'rights-access-acts', unit: 'act', disclosure: smallCountsSuppressed },
  outreachRounds: { metric: 'outreach-rounds', unit: 'round', disclosure: smallCountsSuppressed },
  outreachContacts: { metric: 'outreach-contacts', unit: 'contact', disclosure: smallCountsSuppressed },
  residentReports: { metric: 'resident-reports', unit: 'report', disclosure: smallCountsSuppressed },
  residentReportsHandled: { metric: 'resident-reports-handled', unit: 'report', disclosure: smallCountsSuppressed },
} as const satisfies Record<SocialMetric | SocialSectorMetric, MetricDefinition>;

const atRestSpace = { where: [`siteCode = '${REST_SPACE_CODE}'`] };
const bySector = { sector: 'sectorCode' };

/**
 * Each metric's days (coverage, same-period comparisons), from the daily rollups and daily tables.
 * People cared for are counted once a year however often they came: their days are the rest space's
 * recorded days, and a year of them cannot be cut.
 */
export const figureDays: FigureDaySources = {
  'rest-space-visits': daily('site_attendances', 'date', 'SUM(visits)', atRestSpace),
  'people-cared-for': { ...daily('site_attendances', 'date', 'COUNT(*)', atRestSpace), divisible: false },
  'women-cared-for': { ...daily('site_attendances', 'date', 'COUNT(*)', atRestSpace), divisible: false },
  'rights-access-acts': daily('rights_access_acts', 'performedOn', 'COUNT(*)', atRestSpace),
  'outreach-rounds': daily('outreach_round_days', 'day', 'SUM(rounds)', bySector),
  'outreach-contacts': daily('outreach_round_days', 'day', 'SUM(contactsMade)', bySector),
  'resident-reports': daily('resident_report_days', 'day', 'SUM(received)', bySector),
  'resident-reports-handled': daily('resident_report_days', 'day', 'SUM(handled)', bySector),
};

/** Each per-sector metric's source and the rollup counter it sums. */
const sectorMetrics: Record<SocialSectorMetric, { readonly source: SectorSeriesSource; readonly counter: string }> = {
  outreachRounds: { source: 'rounds', counter: 'rounds' },
  outreachContacts: { source: 'rounds', counter: 'contactsMade' },
  residentReports: { source: 'reports', counter: 'reports' },
  // Counted in the year the report was received, as ResidentReportSummary.handled is.
  residentReportsHandled: { source: 'reports', counter: 'handled' },
};

/** The rollup of each source (rollups.ts): per sector and year, every row counting at least one round or report. */
const sectorSources: Record<SectorSeriesSource, { readonly rollup: string }> = {
  rounds: { rollup: 'outreach_round_counts' },
  reports: { rollup: 'resident_report_counts' },
};

type YearRow = { year: unknown; value: unknown };

/** One `GROUP BY year` aggregate per metric. */
function seriesQuery(db: DataSource, metric: SocialMetric): Promise<YearRow[]> {
  switch (metric) {
    case 'restSpaceVisits':
      return db
        .getRepository(SiteAttendance)
        .createQueryBuilder('a')
        .select(yearOf(db, 'a.date'), 'year')
        .addSelect('SUM(a.visits)', 'value')
        .where('a.siteCode = :site', { site: REST_SPACE_CODE })
        .groupBy(yearOf(db, 'a.date'))
        .getRawMany<YearRow>();
    case 'peopleCaredFor':
    case 'womenCaredFor': {
      const query = db
        .getRepository(CaredPerson)
        .createQueryBuilder('p')
        .select('p.year', 'year')
        .addSelect('COUNT(*)', 'value')
        .where('p.siteCode = :site', { site: REST_SPACE_CODE });
      if (metric === 'womenCaredFor') query.andWhere('p.sex = :sex', { sex: 'FEMALE' });
      return query.groupBy('p.year').getRawMany<YearRow>();
    }
    case 'rightsAccessActs':
      return db
        .getRepository(RightsAccessAct)
        .createQueryBuilder('r')
        .select(yearOf(db, 'r.performedOn'), 'year')
        .addSelect('COUNT(*)', 'value')
        .where('r.siteCode = :site', { site: REST_SPACE_CODE })
        .groupBy(yearOf(db, 'r.performedOn'))
        .getRawMany<YearRow>();
    case 'outreachRounds':
    case 'residentReports': {
      // The per-sector metric's own rollup and counter, summed over the sectors: the sectors add up to it by construction.
      const { rollup } = sectorSources[sectorMetrics[metric].source];
      return db.query(`SELECT year, SUM(${sectorMetrics[metric].counter}) AS value FROM ${rollup} GROUP BY year`);
    }
  }
}

/** Visits per site over a range: one GROUP BY for every site asked for. */
function attendanceLoader(db: DataSource, range: DateRange): DataLoader<string, AttendanceFigures> {
  return new DataLoader(async (codes) => {
    const filter = dateRangeFilter('a.date', range);
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT a.siteCode AS siteCode, MIN(a.date) AS firstDay, MAX(a.date) AS lastDay, COUNT(*) AS days,
              SUM(a.visits) AS visits, AVG(a.visits) AS average, MIN(a.visits) AS minVisits, MAX(a.visits) AS maxVisits
         FROM site_attendances a
        ${whereAll([`a.siteCode IN (${placeholders(codes)})`, ...filter.conditions])}
        GROUP BY a.siteCode`,
      [...codes, ...filter.params],
    );
    const bySite = new Map(rows.map((row) => [String(row.siteCode), row]));
    return codes.map((siteCode): AttendanceFigures => {
      const row = bySite.get(siteCode);
      const average = toNullableNumber(row?.average);
      return {
        siteCode,
        firstDay: row ? String(row.firstDay) : null,
        lastDay: row ? String(row.lastDay) : null,
        days: toInt(row?.days),
        visits: toInt(row?.visits),
        averagePerDay: average === null ? null : Math.round(average),
        minVisits: toNullableNumber(row?.minVisits),
        maxVisits: toNullableNumber(row?.maxVisits),
      };
    });
  });
}

/**
 * Outreach coverage per sector, or over every sector (key `ALL`): one statement per batch over the
 * daily rollup (rollups.ts), grouped by day, whose rows say what each day had (its rounds, contacts,
 * slots, levels and their pairs, its weekday, which sectors); the outer GROUP BY adds the days up and
 * keeps which weekdays, slots, levels and sectors had any round. The rollup is read once, where a
 * second statement grouped by slot, level, sector and weekday read it again.
 */
function coverageLoader(db: DataSource, range: { readonly from: string; readonly to: string }): DataLoader<string, CoverageFigures> {
  const weekdays = [0, 1, 2, 3, 4, 5, 6];
  const any = (column: string, value: string | number) =>
    `MAX(CASE WHEN ${column} = ${typeof value === 'number' ? value : `'${value}'`} THEN 1 ELSE 0 END)`;
  return new DataLoader(async (keys) => {
    const all = keys.includes(ALL);
    const sectors = keys.filter((key) => key !== ALL);
    // Two scopes in one batch (rare) run the statement once per scope.
    const scopes: { readonly column: string | null; readonly codes: readonly string[] }[] = [];
    if (all) scopes.push({ column: null, codes: [] });
    if (sectors.length > 0) scopes.push({ column: 'r.sectorCode', codes: sectors });
    const byKey = new Map<string, CoverageFigures>();
    for (const scope of scopes) {
      const scopeSql = scope.column ?? `'${ALL}'`;
      // One row per sector, day, slot and level, its rounds summed.
      const where = `r.day >= ? AND r.day <= ?${scope.column ? ` AND r.sectorCode IN (${placeholders(scope.codes)})` : ''}`;
      const groupScope = scope.column ? `${scope.column}, ` : '';
      // A day is fully covered when every slot × level pair reached every sector of the scope.
      const fullCombos = outreachSlots.length * outreachLevels.length * (scope.column ? 1 : sectorCodes.length);
      const pairs = outreachSlots.flatMap((slot) =>
        outreachLevels.map((level) => `COUNT(DISTINCT CASE WHEN r.slot = '${slot}' AND r.level = '${level}' THEN r.sectorCode END)`),
      );
      const rows = await db.query<Record<string, unknown>[]>(
        `SELECT d.scope AS scope, COUNT(*) AS daysCovered, SUM(d.rounds) AS rounds, SUM(d.contacts) AS contactsMade,
                SUM(CASE WHEN d.slots = 2 THEN 1 ELSE 0 END) AS daysWithBothSlots,
                SUM(CASE WHEN d.levels = 2 THEN 1 ELSE 0 END) AS daysWithBothLevels,
                SUM(CASE WHEN d.pairs = ? THEN 1 ELSE 0 END) AS daysFullyCovered,
                ${weekdays.map((day) => `${any('d.weekday', day)} AS weekday${day}`).join(', ')},
                ${outreachSlots.map((_, i) => `MAX(d.slot${i}) AS slot${i}`).join(', ')},
                ${outreachLevels.map((_, i) => `MAX(d.level${i}) AS level${i}`).join(', ')},
                ${sectorCodes.map((_, i) => `MAX(d.sector${i}) AS sector${i}`).join(', ')}
           FROM (SELECT ${scopeSql} AS scope, r.day AS day, ${weekdayOf(db, 'r.day')} AS weekday, SUM(r.rounds) AS rounds, SUM(r.contactsMade) AS contacts,
                        COUNT(DISTINCT r.slot) AS slots, COUNT(DISTINCT r.level) AS levels, ${pairs.join(' + ')} AS pairs,
                        ${outreachSlots.map((slot, i) => `${any('r.slot', slot)} AS slot${i}`).join(', ')},
                        ${outreachLevels.map((level, i) => `${any('r.level', level)} AS level${i}`).join(', ')},
                        ${sectorCodes.map((code, i) => `${any('r.sectorCode', code)} AS sector${i}`).join(', ')}
                   FROM outreach_round_days r WHERE ${where}
                  GROUP BY ${groupScope}r.day) d
          GROUP BY d.scope`,
        [fullCombos, range.from, range.to, ...scope.codes],
      );
      const keysOfScope = scope.column ? scope.codes : [ALL];
      for (const key of keysOfScope) {
        const row = rows.find((candidate) => String(candidate.scope) === key);
        const had = (column: string) => row !== undefined && Number(row[column]) === 1;
        byKey.set(key, {
          scope: key,
          rounds: toInt(row?.rounds),
          daysCovered: toInt(row?.daysCovered),
          daysWithBothSlots: toInt(row?.daysWithBothSlots),
          daysWithBothLevels: toInt(row?.daysWithBothLevels),
          daysFullyCovered: toInt(row?.daysFullyCovered),
          contactsMade: toInt(row?.contactsMade),
          weekdays: weekdays.filter((day) => had(`weekday${day}`)),
          slots: outreachSlots.filter((_, i) => had(`slot${i}`)),
          levels: outreachLevels.filter((_, i) => had(`level${i}`)),
          sectorCodes: sectorCodes.filter((_, i) => had(`sector${i}`)),
        });
      }
    }
    return keys.map((key) => byKey.get(key) ?? new Error(`no coverage for ${key}`));
  });
}

/**
 * The latest `first` rounds of each sector in a range, newest day first (then slot, level, id), in
 * one statement: per sector, the day of its `first`-th newest round is found through the index
 * (sectorCode, date, …) reading `first` entries backwards, and only the rounds from that day on are
 * read and sorted, so a sector costs about `first` rows, not its whole range.
 */
function roundsBySectorLoader(db: DataSource, args: DateRange & { readonly first: number }): DataLoader<string, OutreachRound[]> {
  return listLoader<string, OutreachRound>(
    async (codes) => {
      if (args.first === 0) return [];
      const cutoffRange = dateRangeFilter('c.date', args);
      const latest = codes.map((code, i) => ({
        // The cutoff is a one-row derived table, a constant to the optimizer: MariaDB then reads the
        // rounds from the cutoff day on as an index range (a scalar subquery in WHERE is not used for
        // ranges, and the whole sector's rows were read). No such day (fewer rounds than `first`):
        // every round of the range.
        sql: `SELECT * FROM (SELECT r.id AS id, r.date AS date, r.slot AS slot, r.level AS level, r.sectorCode AS sectorCode, r.operator AS operator, r.contactsMade AS contactsMade
              FROM (SELECT COALESCE((SELECT c.date FROM outreach_rounds c ${whereAll(['c.sectorCode = ?', ...cutoffRange.conditions])}
                                      ORDER BY c.date DESC LIMIT 1 OFFSET ?), ?) AS cutoff) k
              JOIN outreach_rounds r ON r.sectorCode = ? AND r.date >= k.cutoff${args.to !== null ? ' AND r.date <= ?' : ''}
             ORDER BY r.date DESC, r.slot ASC, r.level ASC, r.id ASC LIMIT ?) latest${i}`,
        params: [
          code,
          ...cutoffRange.params,
          args.first - 1,
          args.from ?? '0001-01-01',
          code,
          ...(args.to !== null ? [args.to] : []),
          args.first,
        ],
      }));
      const rows: Record<string, unknown>[] = await db.query(
        latest.map((part) => part.sql).join(' UNION ALL '),
        latest.flatMap((part) => part.params),
      );
      const rounds = rows.map((row) =>
        Object.assign(new OutreachRound(), {
          id: String(row.id),
          date: String(row.date),
          slot: String(row.slot) as OutreachSlot,
          level: String(row.level) as OutreachLevel,
          sectorCode: String(row.sectorCode),
          operator: String(row.operator),
          contactsMade: Number(row.contactsMade),
        }),
      );
      // A UNION ALL keeps no order: the newest first, as each part's ORDER BY had them (plain ASCII keys).
      const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return rounds.sort(
        (a, b) => ascending(b.date, a.date) || ascending(a.slot, b.slot) || ascending(a.level, b.level) || ascending(a.id, b.id),
      );
    },
    (round) => round.sectorCode,
  );
}

/**
 * Reports per sector, per plan action or over all of them, with the per-kind split: one statement
 * per batch, the totals and the per-kind rows both aggregated in SQL (UNION ALL).
 */
function reportsLoader(db: DataSource, args: DateRange & { readonly scope: ReportScope }): DataLoader<string, ReportSummaryFigures> {
  return new DataLoader(async (keys) => {
    const column = args.scope === 'all' ? null : `r.${args.scope}`;
    const scopeSql = column ?? `'${ALL}'`;
    // Read from the daily rollup (rollups.ts), keyed by the UTC day received: the same reports as
    // receivedAt from `from` 00:00 to the day after `to`, excluded. The average is the mean of the
    // handled reports' minutes, as AVG over the detail rows was (× 1.0: SQLite divides integers whole).
    const filter = dateRangeFilter('r.day', args);
    const whereSql = whereAll([...(column ? [`${column} IN (${placeholders(keys)})`] : []), ...filter.conditions]);
    const params: unknown[] = [...(column ? keys : []), ...filter.params];
    const figures = `SUM(r.received) AS received, SUM(r.handled) AS handled, SUM(r.handlingMinutes) * 1.0 / NULLIF(SUM(r.handled), 0) AS averageMinutes`;
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT ${scopeSql} AS scope, r.reporterKind AS reporterKind, ${figures}
         FROM resident_report_days r ${whereSql}
        GROUP BY ${column ? `${column}, ` : ''}r.reporterKind
       UNION ALL
       SELECT ${scopeSql} AS scope, NULL AS reporterKind, ${figures}
         FROM resident_report_days r ${whereSql}
        ${column ? `GROUP BY ${column}` : ''}`,
      [...params, ...params],
    );
    const figuresOf = (row: Record<string, unknown> | undefined): ReportFigures => {
      const average = toNullableNumber(row?.averageMinutes);
      return {
        received: toInt(row?.received),
        handled: toInt(row?.handled),
        pending: toInt(row?.received) - toInt(row?.handled),
        averageHandlingMinutes: average === null ? null : Math.round(average),
      };
    };
    const kindOrder: readonly ResidentReporterKind[] = ['RESIDENT', 'SHOPKEEPER', 'DISTRICT_MAYOR'];
    return keys.map((key): ReportSummaryFigures => {
      const mine = rows.filter((row) => String(row.scope) === key);
      const total = mine.find((row) => row.reporterKind === null);
      return {
        ...figuresOf(total),
        byReporterKind: kindOrder.flatMap((reporterKind) => {
          const row = mine.find((candidate) => candidate.reporterKind === reporterKind);
          return row ? [{ reporterKind, ...figuresOf(row) }] : [];
        }),
      };
    });
  });
}

/**
 * The yearly series of every metric of one source, per sector: one statement reading the source's
 * rollup for every sector, small counts hidden, answered for the sectors asked for.
 * A sector without rows gets series with no years.
 */
function sectorSeriesLoader(db: DataSource, source: SectorSeriesSource, threshold: number): DataLoader<string, SectorSeries> {
  return new DataLoader(async (codes) => {
    const { rollup } = sectorSources[source];
    const metrics = socialSectorMetrics.filter((metric) => sectorMetrics[metric].source === source);
    // Every sector, not only those asked for: whether a count is hidden depends on the whole row.
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT t.sectorCode AS sectorCode, t.year AS year, ${metrics.map((metric) => `t.${sectorMetrics[metric].counter} AS ${metric}`).join(', ')}
         FROM ${rollup} t`,
    );
    const seriesOf = metrics.map((metric) => {
      const sectorRows = rows.map((row) => ({ sectorCode: row.sectorCode, year: row.year, value: row[metric] }));
      return [metric, sectorSeries(socialMetricDefinitions[metric], sectorRows, threshold)] as const;
    });
    return codes.map((code): SectorSeries => Object.fromEntries(seriesOf.map(([metric, series]) => [metric, series(code)])));
  });
}

/** The source a per-sector metric is aggregated from. */
export const sectorSeriesSourceOf = (metric: SocialSectorMetric): SectorSeriesSource => sectorMetrics[metric].source;

/** DataLoaders of the social subgraph, built fresh for every request. */
export function createLoaders(db: DataSource, settings: SubgraphSettings) {
  return {
    site: rowLoader<string, ReceptionSite>(
      (codes) => db.getRepository(ReceptionSite).findBy({ code: In([...codes]) }),
      (s) => s.code,
    ),
    sitesBySector: listLoader<string, ReceptionSite>(
      (codes) => db.getRepository(ReceptionSite).find({ where: { sectorCode: In([...codes]) }, order: { code: 'ASC' } }),
      (s) => s.sectorCode,
    ),
    eventsBySite: listLoader<string, ReceptionSiteEvent>(
      (codes) => db.getRepository(ReceptionSiteEvent).find({ where: { siteCode: In([...codes]) }, order: { date: 'ASC', id: 'ASC' } }),
      (e) => e.siteCode,
    ),
    attendance: new LoaderFamily<DateRange, string, AttendanceFigures>((range) => attendanceLoader(db, range)),
    round: rowLoader<string, OutreachRound>(
      (ids) => db.getRepository(OutreachRound).findBy({ id: In([...ids]) }),
      (r) => r.id,
    ),
    roundsBySector: new LoaderFamily<DateRange & { first: number }, string, OutreachRound[]>((args) => roundsBySectorLoader(db, args)),
    coverage: new LoaderFamily<{ from: string; to: string }, string, CoverageFigures>((range) => coverageLoader(db, range)),
    reports: new LoaderFamily<DateRange & { scope: ReportScope }, string, ReportSummaryFigures>((args) => reportsLoader(db, args)),
    meetingsBySector: listLoader<string, PublicMeeting>(
      (codes) => db.getRepository(PublicMeeting).find({ where: { sectorCode: In([...codes]) }, order: { date: 'ASC', id: 'ASC' } }),
      (m) => m.sectorCode,
    ),
    sectorSeries: new LoaderFamily<SectorSeriesSource, string, SectorSeries>((source) =>
      sectorSeriesLoader(db, source, settings.disclosureThreshold),
    ),
    series: new DataLoader<SocialMetric, FigureSeries>((metrics) =>
      Promise.all(
        metrics.map(async (metric) =>
          planWideSeries(socialMetricDefinitions[metric].metric, socialMetricDefinitions[metric].unit, await seriesQuery(db, metric)),
        ),
      ),
    ),
    pathway: rowLoader<string, CarePathway>(
      (pseudonyms) => db.getRepository(CarePathway).findBy({ pseudonym: In([...pseudonyms]) }),
      (p) => p.pseudonym,
    ),
    contactsByPerson: listLoader<string, PathwayOutreachContact>(
      (pseudonyms) =>
        db.getRepository(PathwayOutreachContact).find({ where: { pseudonym: In([...pseudonyms]) }, order: { date: 'ASC', id: 'ASC' } }),
      (c) => c.pseudonym,
    ),
    visitsByPerson: listLoader<string, PathwayRestSpaceVisit>(
      (pseudonyms) =>
        db.getRepository(PathwayRestSpaceVisit).find({ where: { pseudonym: In([...pseudonyms]) }, order: { date: 'ASC', id: 'ASC' } }),
      (v) => v.pseudonym,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
