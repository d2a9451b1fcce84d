import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { DateRange } from '../shared/arguments.js';
import { type MetricDefinition, sectorSeries, type SectorYearRow, smallCountsSuppressed } from '../shared/disclosure.js';
import { planWideSeries, type FigureSeries } from '../shared/figures.js';
import { daily, type FigureDaySources } from '../shared/figure-days.js';
import { LoaderFamily, listLoader, rowLoader } from '../shared/loaders.js';
import { dateRangeFilter, placeholders, toInt, toNullableNumber, whereAll, yearOf } from '../shared/sql.js';
import type { SubgraphSettings } from '../shared/subgraph.js';
import { PoliceOperation, policeShifts, type PoliceOperationKind, type PoliceShift } from './entities/index.js';

/** One shift's officers, counted day by day. */
export interface ShiftTotals {
  readonly shift: PoliceShift;
  readonly days: number;
  readonly officerShifts: number;
  readonly minOfficers: number | null;
  readonly maxOfficers: number | null;
}

/** Deployments of one sector (or of all sectors together), counted day by day. */
export interface DeploymentTotals {
  readonly sectorCode: string;
  readonly days: number;
  readonly bothShifts: number;
  readonly officerShifts: number;
  readonly minDaily: number | null;
  readonly maxDaily: number | null;
  /** Fewest sectors one shift covered in one day; only meaningful across sectors. */
  readonly minSectors: number | null;
  readonly shifts: readonly ShiftTotals[];
}

export interface EvictionTotals {
  readonly sectorCode: string;
  readonly evictions: number;
  readonly consumersEvicted: number;
  readonly reformingScenesEnded: number;
  readonly lastEvictionAt: Date | string | null;
}

/** The key of the row that aggregates all sectors together. */
export const ALL_SECTORS = '*';

/**
 * Deployments counted day by day, in one statement: the inner query sums each day's officers per
 * shift, the outer one counts days and takes daily minima and maxima. `sectors` null means all
 * sectors together (one row keyed ALL_SECTORS); otherwise one row per sector deployed.
 */
export async function deploymentTotals(db: DataSource, range: DateRange, sectors: readonly string[] | null): Promise<DeploymentTotals[]> {
  const filter = dateRangeFilter('deployedOn', range);
  const conditions = [...filter.conditions];
  const params: string[] = [...filter.params];
  if (sectors !== null) {
    conditions.unshift(`sectorCode IN (${placeholders(sectors)})`);
    params.unshift(...sectors);
  }
  const bySector = sectors !== null;
  const key = bySector ? 'sectorCode' : `'${ALL_SECTORS}'`;
  const shiftColumns = policeShifts.map(
    (shift) =>
      `SUM(CASE WHEN shift = '${shift}' THEN officers END) AS officers${shift}, SUM(CASE WHEN shift = '${shift}' THEN 1 ELSE 0 END) AS sectors${shift}`,
  );
  const shiftTotals = policeShifts.map(
    (shift) =>
      `COUNT(d.officers${shift}) AS days${shift}, SUM(d.officers${shift}) AS sum${shift}, MIN(d.officers${shift}) AS min${shift}, MAX(d.officers${shift}) AS max${shift}`,
  );
  const [day, night] = policeShifts;
  const rows = await db.query<Record<string, unknown>[]>(
    `SELECT ${bySector ? 'd.sectorCode' : key} AS sectorCode, COUNT(*) AS days,
       SUM(CASE WHEN d.officers${day} IS NOT NULL AND d.officers${night} IS NOT NULL THEN 1 ELSE 0 END) AS bothShifts,
       SUM(d.officers) AS officerShifts, MIN(d.officers) AS minDaily, MAX(d.officers) AS maxDaily,
       MIN(CASE WHEN d.sectors${day} < d.sectors${night} THEN d.sectors${day} ELSE d.sectors${night} END) AS minSectors,
       ${shiftTotals.join(', ')}
     FROM (SELECT ${bySector ? 'sectorCode, ' : ''}deployedOn, SUM(officers) AS officers, ${shiftColumns.join(', ')}
           FROM police_deployments ${whereAll(conditions)}
           GROUP BY ${bySector ? 'sectorCode, ' : ''}deployedOn) d
     ${bySector ? 'GROUP BY d.sectorCode' : ''}`,
    params,
  );
  return rows
    .filter((row) => toInt(row.days) > 0)
    .map((row) => ({
      sectorCode: String(row.sectorCode),
      days: toInt(row.days),
      bothShifts: toInt(row.bothShifts),
      officerShifts: toInt(row.officerShifts),
      minDaily: toNullableNumber(row.minDaily),
      maxDaily: toNullableNumber(row.maxDaily),
      minSectors: toNullableNumber(row.minSectors),
      shifts: policeShifts.map((shift) => ({
        shift,
        days: toInt(row[`days${shift}`]),
        officerShifts: toInt(row[`sum${shift}`]),
        minOfficers: toNullableNumber(row[`min${shift}`]),
        maxOfficers: toNullableNumber(row[`max${shift}`]),
      })),
    }));
}

/** The daily rollup's sums, the same with or without sectors. */
const evictionSums =
  'SUM(d.evictions) AS evictions, SUM(d.consumersEvicted) AS consumersEvicted, SUM(d.reformingScenesEnded) AS reformingScenesEnded';

/**
 * Evictions per sector (or all sectors together when `sectors` is null), in one statement: the sums
 * from the daily rollup (rollups.ts; its UTC day covers occurredAt from `from` 00:00 to the day after
 * `to`), the last eviction's instant from the index (sectorCode, occurredAt) of the detail rows. The
 * last instant is a MAX per sector over the period, not a subquery per sector: a subquery correlated
 * on the sector reads the index by sector alone, from the sector's newest eviction back to the end of
 * the period (57,000 entries for a period in 2022 at 1M rows), where the grouped MAX is a loose index
 * scan that reads one entry per sector (MariaDB: "Using index for group-by").
 */
export async function evictionTotals(db: DataSource, range: DateRange, sectors: readonly string[] | null): Promise<EvictionTotals[]> {
  const days = dateRangeFilter('d.day', range);
  const instants = dateRangeFilter('e.occurredAt', range, 'datetime');
  if (sectors === null) {
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT '${ALL_SECTORS}' AS sectorCode, ${evictionSums},
         (SELECT MAX(e.occurredAt) FROM evictions e ${whereAll(instants.conditions)}) AS lastEvictionAt
       FROM eviction_days d ${whereAll(days.conditions)}`,
      [...instants.params, ...days.params],
    );
    return rows.map(evictionTotalsOf);
  }
  const inSectors = (column: string) => `${column} IN (${placeholders(sectors)})`;
  const rows = await db.query<Record<string, unknown>[]>(
    `SELECT d.sectorCode AS sectorCode, ${evictionSums},
       MAX(l.lastAt) AS lastEvictionAt
     FROM eviction_days d
     LEFT JOIN (SELECT e.sectorCode AS sectorCode, MAX(e.occurredAt) AS lastAt FROM evictions e
                ${whereAll([inSectors('e.sectorCode'), ...instants.conditions])} GROUP BY e.sectorCode) l ON l.sectorCode = d.sectorCode
     ${whereAll([inSectors('d.sectorCode'), ...days.conditions])}
     GROUP BY d.sectorCode`,
    [...sectors, ...instants.params, ...sectors, ...days.params],
  );
  return rows.map(evictionTotalsOf);
}

const evictionTotalsOf = (row: Record<string, unknown>): EvictionTotals => ({
  sectorCode: String(row.sectorCode),
  evictions: toInt(row.evictions),
  consumersEvicted: toInt(row.consumersEvicted),
  reformingScenesEnded: toInt(row.reformingScenesEnded),
  lastEvictionAt: (row.lastEvictionAt as Date | string | null) ?? null,
});

/** A yearly series read from a rollup (rollups.ts): the sum of its `value` column over the sectors. */
interface RollupMetric extends MetricDefinition {
  readonly rollup: string;
  readonly value: string;
  /** The rollup's count of the detail rows the series groups: a year shows only when it has some, as with a GROUP BY over those rows. */
  readonly rows: string;
}

/** A yearly series aggregated from its own table: one `GROUP BY year` restricted by `where` (conditions, without the WHERE). */
interface DetailMetric extends MetricDefinition {
  readonly table: string;
  readonly date: string;
  readonly value: string;
  readonly where: readonly string[];
}

/**
 * The yearly series this subgraph publishes. Those of the tables that grow with the plan's
 * activity read their rollup; deportations and sentences, which have no sector and a few dozen
 * rows a year, are aggregated from their own table.
 *
 * Disclosure: every one counts people (cases, injunctions, deportees, the consumers evicted, the
 * officers deployed) or events that befall people (evictions, operations), so each is
 * 'small-counts-suppressed' below the plan-wide level. Officer-shifts count the State's own staff,
 * not the plan's public; they are suppressed all the same, since a sector's handful of officers
 * points at people as well as a handful of cases does.
 */
export const metrics = {
  prosecutableCases: {
    metric: 'prosecutable-cases',
    unit: 'case',
    disclosure: smallCountsSuppressed,
    rollup: 'prosecutable_case_counts',
    value: 'cases',
    rows: 'cases',
  },
  immediateAppearances: {
    metric: 'immediate-appearances',
    unit: 'case',
    disclosure: smallCountsSuppressed,
    rollup: 'prosecutable_case_counts',
    value: 'immediateAppearances',
    rows: 'immediateAppearances',
  },
  therapeuticInjunctions: {
    metric: 'therapeutic-injunctions',
    unit: 'injunction',
    disclosure: smallCountsSuppressed,
    rollup: 'therapeutic_injunction_counts',
    value: 'injunctions',
    rows: 'injunctions',
  },
  deportations: {
    metric: 'deportations',
    unit: 'person',
    disclosure: smallCountsSuppressed,
    table: 'deportations',
    date: 'date',
    value: 'COUNT(*)',
    where: [],
  },
  sentences: {
    metric: 'sentences',
    unit: 'sentence',
    disclosure: smallCountsSuppressed,
    table: 'sentences',
    date: 'pronouncedOn',
    value: 'COUNT(*)',
    where: [],
  },
  evictions: {
    metric: 'evictions',
    unit: 'eviction',
    disclosure: smallCountsSuppressed,
    rollup: 'eviction_counts',
    value: 'evictions',
    rows: 'evictions',
  },
  evictedConsumers: {
    metric: 'evicted-consumers',
    unit: 'person',
    disclosure: smallCountsSuppressed,
    rollup: 'eviction_counts',
    value: 'consumersEvicted',
    rows: 'evictions',
  },
  policeOperations: {
    metric: 'police-operations',
    unit: 'operation',
    disclosure: smallCountsSuppressed,
    rollup: 'police_operation_counts',
    value: 'operations',
    rows: 'operations',
  },
  officerShifts: {
    metric: 'officer-shifts',
    unit: 'officer-shift',
    disclosure: smallCountsSuppressed,
    rollup: 'police_deployment_counts',
    value: 'officerShifts',
    rows: 'shifts',
  },
} as const satisfies Record<string, RollupMetric | DetailMetric>;
export type PoliceJusticeMetric = keyof typeof metrics;

/** Each metric's days (coverage, same-period comparisons), from the detail rows or the daily rollup. */
const bySector = { sector: 'sectorCode' };
export const figureDays: FigureDaySources = {
  'prosecutable-cases': daily('prosecutable_cases', 'registeredOn', 'COUNT(*)', bySector),
  'immediate-appearances': daily(
    'prosecutable_cases',
    'registeredOn',
    "SUM(CASE WHEN procedureKind = 'IMMEDIATE_APPEARANCE' THEN 1 ELSE 0 END)",
  ),
  'therapeutic-injunctions': daily('therapeutic_injunctions', 'orderedOn', 'COUNT(*)', bySector),
  deportations: daily('deportations', 'date', 'COUNT(*)'),
  sentences: daily('sentences', 'pronouncedOn', 'COUNT(*)'),
  evictions: daily('eviction_days', 'day', 'SUM(evictions)', bySector),
  'evicted-consumers': daily('eviction_days', 'day', 'SUM(consumersEvicted)', bySector),
  'police-operations': daily('police_operations', 'date', 'COUNT(*)', bySector),
  'officer-shifts': daily('police_deployments', 'deployedOn', 'SUM(officers)', bySector),
};
type RollupMetricKey = { [K in PoliceJusticeMetric]: (typeof metrics)[K] extends RollupMetric ? K : never }[PoliceJusticeMetric];

/**
 * The series whose rows carry a sector, published per sector too (`Sector.policeJusticeFigures`):
 * the same metric, unit and rollup as plan-wide, so the sectors' values add up to the plan-wide one.
 */
export const sectorMetrics = [
  'evictions',
  'evictedConsumers',
  'policeOperations',
  'officerShifts',
  'prosecutableCases',
  'therapeuticInjunctions',
] as const satisfies readonly RollupMetricKey[];
export type PoliceJusticeSectorMetric = (typeof sectorMetrics)[number];

/** One sector's series of one metric. */
export interface SectorSeriesKey {
  readonly metric: PoliceJusticeSectorMetric;
  readonly sectorCode: string;
}

/** Every series asked for in one request, in one statement (a UNION ALL of the aggregates). */
async function loadSeries(db: DataSource, keys: readonly PoliceJusticeMetric[]): Promise<FigureSeries[]> {
  const parts = keys.map((key) => {
    const m: RollupMetric | DetailMetric = metrics[key];
    if ('rollup' in m)
      return `SELECT '${key}' AS metricKey, year, SUM(${m.value}) AS value FROM ${m.rollup} GROUP BY year HAVING SUM(${m.rows}) > 0`;
    const year = yearOf(db, m.date);
    return `SELECT '${key}' AS metricKey, ${year} AS year, ${m.value} AS value FROM ${m.table} ${whereAll(m.where)} GROUP BY ${year}`;
  });
  const rows = await db.query<{ metricKey: string; year: unknown; value: unknown }[]>(parts.join(' UNION ALL '));
  return keys.map((key) =>
    planWideSeries(
      metrics[key].metric,
      metrics[key].unit,
      rows.filter((row) => row.metricKey === key),
    ),
  );
}

/**
 * Every sector's series asked for in one request, in one statement: a UNION ALL of the rollup
 * rows of each metric, every sector (small counts are hidden by looking at the whole row),
 * answered for the sectors asked. A sector without rows gets a series with no years.
 */
async function loadSectorSeries(db: DataSource, keys: readonly SectorSeriesKey[], threshold: number): Promise<(FigureSeries | Error)[]> {
  const metricsAsked = [...new Set(keys.map((key) => key.metric))];
  const parts = metricsAsked.map((key) => {
    const m = metrics[key];
    return `SELECT '${key}' AS metricKey, sectorCode, year, ${m.value} AS value FROM ${m.rollup} WHERE ${m.rows} > 0`;
  });
  const rows = await db.query<(SectorYearRow & { metricKey: string })[]>(parts.join(' UNION ALL '));
  const seriesOf = new Map(
    metricsAsked.map((key) => [
      key,
      sectorSeries(
        metrics[key],
        rows.filter((row) => row.metricKey === key),
        threshold,
      ),
    ]),
  );
  return keys.map(({ metric, sectorCode }) => seriesOf.get(metric)?.(sectorCode) ?? new Error(`no ${metric} series`));
}

/** DataLoaders of the police-justice subgraph, built fresh for every request. */
export function createLoaders(db: DataSource, settings: SubgraphSettings) {
  return {
    series: new DataLoader<PoliceJusticeMetric, FigureSeries>((keys) => loadSeries(db, keys)),
    /** Keyed by sector code and metric, so that every metric of every sector asked for is one statement. */
    seriesBySector: new DataLoader<SectorSeriesKey, FigureSeries, string>(
      (keys) => loadSectorSeries(db, keys, settings.disclosureThreshold),
      {
        cacheKeyFn: (key) => `${key.metric}:${key.sectorCode}`,
      },
    ),
    deploymentsBySector: new LoaderFamily<DateRange, string, DeploymentTotals | null>((range) =>
      rowLoader(
        (codes) => deploymentTotals(db, range, codes),
        (row) => row.sectorCode,
      ),
    ),
    evictionsBySector: new LoaderFamily<DateRange, string, EvictionTotals | null>((range) =>
      rowLoader(
        (codes) => evictionTotals(db, range, codes),
        (row) => row.sectorCode,
      ),
    ),
    /**
     * The `first` operations of each sector in a range, oldest first (date, then id), in one
     * statement: a LIMIT per sector (UNION ALL), each read in order from the index (sectorCode, date).
     */
    operationsBySector: new LoaderFamily<DateRange & { first: number }, string, PoliceOperation[]>(({ first, ...range }) =>
      listLoader(
        async (codes) => {
          if (first === 0) return [];
          const filter = dateRangeFilter('o.date', range);
          const parts = codes.map(
            (
              _,
              i,
            ) => `SELECT * FROM (SELECT o.id AS id, o.date AS date, o.sectorCode AS sectorCode, o.kind AS kind, o.description AS description, o.leadPartnerCode AS leadPartnerCode
                 FROM police_operations o ${whereAll(['o.sectorCode = ?', ...filter.conditions])}
                ORDER BY o.date ASC, o.id ASC LIMIT ?) sector${i}`,
          );
          const rows = await db.query<Record<string, unknown>[]>(
            parts.join(' UNION ALL '),
            codes.flatMap((code) => [code, ...filter.params, first]),
          );
          const operations = rows.map((row) =>
            Object.assign(new PoliceOperation(), {
              id: String(row.id),
              date: String(row.date),
              sectorCode: String(row.sectorCode),
              kind: String(row.kind) as PoliceOperationKind,
              description: String(row.description),
              leadPartnerCode: String(row.leadPartnerCode),
            }),
          );
          // A UNION ALL keeps no order: oldest first again (plain ASCII keys).
          return operations.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        },
        (operation) => operation.sectorCode,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
