import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { DateRange } from '../shared/arguments.js';
import { type MetricDefinition, sectorSeries, type SectorYearRow, smallCountsSuppressed } from '../shared/disclosure.js';
import { planWideSeries, type FigureSeries } from '../shared/figures.js';
import { daily, type FigureDaySources } from '../shared/figure-days.js';
import { LoaderFamily, listLoader, rowLoader } from '../shared/loaders.js';
import { cutIntoMonths, dateRangeFilter, nextDay, placeholders, toInt, whereAll } from '../shared/sql.js';
import type { SubgraphSettings } from '../shared/subgraph.js';
import {
  RatpJointPatrol,
  RatpJointPatrolCount,
  RatpLine,
  Station,
  StationIncidentCount,
  StationLine,
  type IncidentKind,
} from './entities/index.js';

/** The most incidents a `first` argument may ask for, per station or per sector. */
export const MAX_FIRST = 100;

export interface JointPatrolSummary extends DateRange {
  readonly patrols: number;
  readonly days: number;
  readonly ratpAgents: number;
}

export interface IncidentKindCount {
  readonly kind: IncidentKind;
  readonly count: number;
  readonly interruptions: number;
}

/** An incident as the API returns it, read from the table or from a raw window query. */
export interface Incident {
  readonly id: number;
  readonly stationCode: string;
  readonly occurredAt: Date | string;
  readonly kind: IncidentKind;
  readonly trainTrafficInterrupted: boolean;
}

/**
 * RATP's yearly metrics: the rollup (rollups.ts, per station and year) and the counter each sums.
 * The plan-wide series (`ratpFigures`, `Year.ratp`) and the sectors' series (`Sector.ratpFigures`)
 * both read them, so a sector's series and the plan-wide one count the same thing.
 *
 * Disclosure: incidents (consumption, dealing, aggression, a medical emergency) and the
 * interruptions they cause are events that befall a few people in a station, and a joint patrol
 * is a round in which people were met: each is 'small-counts-suppressed' below the plan-wide level.
 */
export const ratpMetrics = {
  'station-incidents': {
    metric: 'station-incidents',
    unit: 'incident',
    disclosure: smallCountsSuppressed,
    rollup: StationIncidentCount,
    counter: 'incidents',
  },
  'train-traffic-interruptions': {
    metric: 'train-traffic-interruptions',
    unit: 'interruption',
    disclosure: smallCountsSuppressed,
    rollup: StationIncidentCount,
    counter: 'interruptions',
  },
  'joint-patrols': {
    metric: 'joint-patrols',
    unit: 'patrol',
    disclosure: smallCountsSuppressed,
    rollup: RatpJointPatrolCount,
    counter: 'patrols',
  },
} as const satisfies Record<string, MetricDefinition & { readonly rollup: unknown; readonly counter: string }>;
export type RatpMetric = keyof typeof ratpMetrics;

/** A row's sector is its station's. */
const throughStation = (alias: string) => ({ sector: 's.sectorCode', join: `INNER JOIN ratp_stations s ON s.code = ${alias}.stationCode` });

/** Each metric's days (coverage, same-period comparisons), from the daily rollup or the patrols themselves. */
export const figureDays: FigureDaySources = {
  'station-incidents': daily('ratp_station_incident_days i', 'i.day', 'SUM(i.incidents)', throughStation('i')),
  'train-traffic-interruptions': daily('ratp_station_incident_days i', 'i.day', 'SUM(i.interruptions)', throughStation('i')),
  'joint-patrols': daily('ratp_joint_patrols p', 'p.date', 'COUNT(*)', throughStation('p')),
};

/** A metric's `year`/`value` aggregate over its rollup (alias `r`), before any grouping. */
function yearlyAggregate(db: DataSource, metric: RatpMetric): SelectQueryBuilder<ObjectLiteral> {
  const { rollup, counter } = ratpMetrics[metric];
  return db.getRepository<ObjectLiteral>(rollup).createQueryBuilder('r').select('r.year', 'year').addSelect(`SUM(r.${counter})`, 'value');
}

/** Restricts a query to a period on a date column (`kind: 'date'`) or a datetime column. */
function inPeriod<T extends object>(
  query: SelectQueryBuilder<T>,
  column: string,
  period: DateRange,
  kind: 'date' | 'datetime',
): SelectQueryBuilder<T> {
  if (period.from) query.andWhere(`${column} >= :from`, { from: period.from });
  if (period.to) {
    if (kind === 'date') query.andWhere(`${column} <= :to`, { to: period.to });
    else query.andWhere(`${column} < :toExclusive`, { toExclusive: nextDay(period.to) });
  }
  return query;
}

/** Joint patrols of every sector together over a period, and the sectors they took place in. */
export interface JointPatrolOverview extends JointPatrolSummary {
  readonly sectorCodes: readonly string[];
}

/** Joint patrols of every sector together: one statement per sector sums, one for the distinct days of all. */
export async function jointPatrolOverview(db: DataSource, period: DateRange): Promise<JointPatrolOverview> {
  const query = db
    .getRepository(RatpJointPatrol)
    .createQueryBuilder('p')
    .innerJoin(Station, 's', 's.code = p.stationCode')
    .select('s.sectorCode', 'groupKey')
    .addSelect('COUNT(*)', 'patrols')
    .addSelect('SUM(p.ratpAgents)', 'agents');
  const rows = await inPeriod(query, 'p.date', period, 'date')
    .groupBy('s.sectorCode')
    .orderBy('s.sectorCode', 'ASC')
    .getRawMany<{ groupKey: string; patrols: unknown; agents: unknown }>();
  const days = await inPeriod(
    db.getRepository(RatpJointPatrol).createQueryBuilder('p').select('COUNT(DISTINCT p.date)', 'days'),
    'p.date',
    period,
    'date',
  ).getRawOne<{ days: unknown }>();
  return {
    ...period,
    patrols: rows.reduce((sum, row) => sum + toInt(row.patrols), 0),
    days: toInt(days?.days),
    ratpAgents: rows.reduce((sum, row) => sum + toInt(row.agents), 0),
    sectorCodes: rows.filter((row) => toInt(row.patrols) > 0).map((row) => row.groupKey),
  };
}

interface SummaryRow {
  groupKey: string;
  patrols: unknown;
  days: unknown;
  agents: unknown;
}

interface KindRow {
  groupKey: string;
  kind: IncidentKind;
  count: unknown;
  interruptions: unknown;
}

interface IncidentRow {
  groupKey: string;
  id: unknown;
  stationCode: string;
  occurredAt: Date | string;
  kind: IncidentKind;
  trainTrafficInterrupted: unknown;
}

const toIncident = (row: IncidentRow): Incident & { groupKey: string } => ({
  groupKey: row.groupKey,
  id: Number(row.id),
  stationCode: row.stationCode,
  occurredAt: row.occurredAt,
  kind: row.kind,
  // SQLite and MySQL both hand back booleans as 0/1.
  trainTrafficInterrupted: Boolean(Number(row.trainTrafficInterrupted)),
});

/** DataLoaders of the ratp subgraph, built fresh for every request. */
export function createLoaders(db: DataSource, settings: SubgraphSettings) {
  const patrols = () => db.getRepository(RatpJointPatrol).createQueryBuilder('p');

  /** Joint patrols per station (`by: 'station'`) or per sector (joined through the stations), one GROUP BY per batch. */
  const patrolSummaries = (by: 'station' | 'sector') =>
    new LoaderFamily<DateRange, string, JointPatrolSummary>(
      (period) =>
        new DataLoader(async (keys: readonly string[]) => {
          const query = patrols()
            .select(by === 'station' ? 'p.stationCode' : 's.sectorCode', 'groupKey')
            .addSelect('COUNT(*)', 'patrols')
            .addSelect('COUNT(DISTINCT p.date)', 'days')
            .addSelect('SUM(p.ratpAgents)', 'agents');
          if (by === 'sector') query.innerJoin(Station, 's', 's.code = p.stationCode').where('s.sectorCode IN (:...keys)', { keys });
          else query.where('p.stationCode IN (:...keys)', { keys });
          const rows = await inPeriod(query, 'p.date', period, 'date').groupBy('groupKey').getRawMany<SummaryRow>();
          const byKey = new Map(rows.map((row) => [row.groupKey, row]));
          return keys.map((key) => {
            const row = byKey.get(key);
            return { ...period, patrols: toInt(row?.patrols), days: toInt(row?.days), ratpAgents: toInt(row?.agents) };
          });
        }),
    );

  const stationsBySector = listLoader<string, Station>(
    (codes) => db.getRepository(Station).find({ where: { sectorCode: In([...codes]) }, order: { code: 'ASC' } }),
    (s) => s.sectorCode,
  );

  /**
   * Incidents per station and kind, one statement per batch over the rollups (rollups.ts): the whole
   * months of the period from the monthly one, its edge days from the daily one (the day is the
   * incident's UTC day: the same rows as occurredAt from `from` 00:00 to the day after `to`). Two
   * years of a station read 120 month rows and at most 300 day rows, not 3,650, each part an index
   * range on (stationCode, month or day).
   */
  const incidentCountsByStation = new LoaderFamily<DateRange, string, IncidentKindCount[]>((period) =>
    listLoader<string, IncidentKindCount & { groupKey: string }>(
      async (stations) => {
        const cut = cutIntoMonths(period);
        const parts: string[] = [];
        const params: string[] = [];
        const part = (table: string, column: string, range: DateRange) => {
          const filter = dateRangeFilter(`r.${column}`, range);
          parts.push(
            `SELECT r.stationCode AS groupKey, r.kind AS kind, r.incidents AS incidents, r.interruptions AS interruptions
             FROM ${table} r ${whereAll([`r.stationCode IN (${placeholders(stations)})`, ...filter.conditions])}`,
          );
          params.push(...stations, ...filter.params);
        };
        if (cut.months !== null) part('ratp_station_incident_months', 'month', cut.months);
        for (const days of cut.days) part('ratp_station_incident_days', 'day', days);
        const rows = await db.query<KindRow[]>(
          `SELECT u.groupKey AS groupKey, u.kind AS kind, SUM(u.incidents) AS count, SUM(u.interruptions) AS interruptions
           FROM (${parts.join(' UNION ALL ')}) u GROUP BY u.groupKey, u.kind`,
          params,
        );
        return rows.map((row) => ({
          groupKey: row.groupKey,
          kind: row.kind,
          count: Number(row.count),
          interruptions: Number(row.interruptions),
        }));
      },
      (row) => row.groupKey,
    ),
  );

  /**
   * Incidents per sector and kind: its stations' counts added up. The stations come from the loader
   * the sector's `stations` field uses (one statement per request for both), and the counts from the
   * stations' loader: a join from the sector's stations to the rollups reads each station's rows by
   * its code alone, every day of every year, however short the period.
   */
  const incidentCountsBySector = new LoaderFamily<DateRange, string, IncidentKindCount[]>(
    (period) =>
      new DataLoader(async (sectors: readonly string[]) => {
        const stationsOf = await Promise.all(sectors.map((sector) => stationsBySector.load(sector)));
        const countsOf = new Map(
          await Promise.all(
            stationsOf.flat().map(async (station) => [station.code, await incidentCountsByStation.load(period, station.code)] as const),
          ),
        );
        return stationsOf.map((stations) => {
          const byKind = new Map<IncidentKind, IncidentKindCount>();
          for (const { kind, count, interruptions } of stations.flatMap((station) => countsOf.get(station.code) ?? [])) {
            const sum = byKind.get(kind);
            byKind.set(kind, { kind, count: (sum?.count ?? 0) + count, interruptions: (sum?.interruptions ?? 0) + interruptions });
          }
          return [...byKind.values()];
        });
      }),
  );

  return {
    line: rowLoader<string, RatpLine>(
      (codes) => db.getRepository(RatpLine).findBy({ code: In([...codes]) }),
      (l) => l.code,
    ),
    station: rowLoader<string, Station>(
      (codes) => db.getRepository(Station).findBy({ code: In([...codes]) }),
      (s) => s.code,
    ),
    stationsBySector,
    linksByStation: listLoader<string, StationLine>(
      (codes) => db.getRepository(StationLine).find({ where: { stationCode: In([...codes]) }, order: { lineCode: 'ASC' } }),
      (l) => l.stationCode,
    ),
    linksByLine: listLoader<string, StationLine>(
      (codes) => db.getRepository(StationLine).find({ where: { lineCode: In([...codes]) }, order: { stationCode: 'ASC' } }),
      (l) => l.lineCode,
    ),
    jointPatrolsByRound: listLoader<string, RatpJointPatrol>(
      (ids) => db.getRepository(RatpJointPatrol).find({ where: { outreachRoundId: In([...ids]) }, order: { id: 'ASC' } }),
      (p) => p.outreachRoundId,
    ),
    patrolSummaryByStation: patrolSummaries('station'),
    patrolSummaryBySector: patrolSummaries('sector'),
    incidentCountsByStation,
    incidentCountsBySector,
    latestIncidentsByStation: latestIncidents(db, 'station'),
    latestIncidentsBySector: latestIncidents(db, 'sector'),
    series: new DataLoader<RatpMetric, FigureSeries>((metrics) =>
      // One GROUP BY year per metric asked for: each metric is its own aggregate.
      Promise.all(
        metrics.map(async (metric) => {
          const rows = await yearlyAggregate(db, metric).groupBy('year').getRawMany<{ year: unknown; value: unknown }>();
          return planWideSeries(metric, ratpMetrics[metric].unit, rows);
        }),
      ),
    ),
    /**
     * A metric's series per sector, through the station's sector: one GROUP BY sector, year per metric
     * and batch, over every sector (small counts are hidden by looking at the whole row).
     */
    sectorSeries: new LoaderFamily<RatpMetric, string, FigureSeries>(
      (metric) =>
        new DataLoader(async (codes: readonly string[]) => {
          const rows = await yearlyAggregate(db, metric)
            .addSelect('s.sectorCode', 'sectorCode')
            .innerJoin(Station, 's', 's.code = r.stationCode')
            .groupBy('s.sectorCode')
            .addGroupBy('year')
            .getRawMany<SectorYearRow>();
          const seriesOf = sectorSeries(ratpMetrics[metric], rows, settings.disclosureThreshold);
          return codes.map((code) => seriesOf(code));
        }),
    ),
  };
}

/**
 * The `first` newest incidents per station or per sector: one statement per batch, ranked by
 * ROW_NUMBER() so that the limit applies to each key, not to the whole batch.
 */
function latestIncidents(db: DataSource, by: 'station' | 'sector') {
  return new LoaderFamily<{ first: number }, string, Incident[]>(({ first }) =>
    listLoader<string, Incident & { groupKey: string }>(
      async (keys) => {
        const key = by === 'station' ? 'i.stationCode' : 's.sectorCode';
        const join = by === 'station' ? '' : 'JOIN ratp_stations s ON s.code = i.stationCode';
        // Plain identifiers: both MySQL and SQLite read them without quotes.
        const sql = `SELECT ranked.* FROM (
            SELECT ${key} AS groupKey, i.id, i.stationCode, i.occurredAt, i.kind, i.trainTrafficInterrupted,
              ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY i.occurredAt DESC, i.id DESC) AS recency
            FROM ratp_station_incidents i ${join}
            WHERE ${key} IN (${placeholders(keys)})
          ) ranked
          WHERE ranked.recency <= ?
          ORDER BY ranked.recency`;
        const rows = await db.query<IncidentRow[]>(sql, [...keys, first]);
        return rows.map(toIncident);
      },
      (row) => row.groupKey,
    ),
  );
}

export type Loaders = ReturnType<typeof createLoaders>;
