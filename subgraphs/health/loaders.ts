import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import {
  type MetricDefinition,
  published,
  publishedSeries,
  sectorSeries,
  type SectorYearRow,
  smallCountsSuppressed,
} from '../shared/disclosure.js';
import { daily, type FigureDaySources } from '../shared/figure-days.js';
import { figureSeries, planWideSeries, type FigureSeries } from '../shared/figures.js';
import { listLoader, rowLoader } from '../shared/loaders.js';
import { yearOf } from '../shared/sql.js';
import type { SubgraphSettings } from '../shared/subgraph.js';
import {
  CareFacility,
  CareFacilityPlaces,
  CarePathway,
  HospitalMobileTeam,
  HospitalTeamInterventionCount,
  HospitalTeamSector,
  HospitalTeamStaffCount,
  NursingActCount,
  PathwayAdmission,
  PathwayHousing,
  PathwayRegionalOrientation,
  RegionalAdmission,
  careFacilityKinds,
  type CareFacilityKind,
} from './entities/index.js';

/*
 * Disclosure. Places are capacities: the beds and housing slots the ARS authorises and funds for a
 * facility, which it publishes facility by facility (as the national directories of health and
 * social establishments publish each one's authorised capacity) and which the communiqué gives per
 * kind. They count no one: four places in a Rosa Parks facility say nothing about who sleeps there.
 * So places are 'published' at every level — per facility, per sector, per kind — alike: hiding a
 * sector's sum of places while its facilities' places are public would protect nothing. Admissions
 * count people, and nursing acts and team outings are events that befall them:
 * 'small-counts-suppressed'.
 */

/** Each kind's places series, as `FigureSeries.metric` shows it; a facility's places are its kind's. */
export const placesMetrics: Record<CareFacilityKind, MetricDefinition<'published'>> = {
  SUPPORTED_HOTEL_HOUSING: { metric: 'assore-places', unit: 'place', disclosure: published },
  HOSPITAL_ADDICTION_BEDS: { metric: 'hospital-addiction-places', unit: 'place', disclosure: published },
  HOSPITAL_PSYCHIATRY_BEDS: { metric: 'hospital-psychiatry-places', unit: 'place', disclosure: published },
  ASSESSMENT_UNIT: { metric: 'assessment-unit-places', unit: 'place', disclosure: published },
  CURE: { metric: 'cure-places', unit: 'place', disclosure: published },
  POST_CURE: { metric: 'post-cure-places', unit: 'place', disclosure: published },
};

/** Places of the facilities located in a sector, all kinds together (no plan-wide series). */
export const carePlacesMetric: MetricDefinition<'published'> = { metric: 'care-places', unit: 'place', disclosure: published };

/** Health's counts. */
export const healthCountMetrics = {
  'regional-admissions': { metric: 'regional-admissions', unit: 'person', disclosure: smallCountsSuppressed },
  'nursing-acts': { metric: 'nursing-acts', unit: 'act', disclosure: smallCountsSuppressed },
  'hospital-team-interventions': { metric: 'hospital-team-interventions', unit: 'intervention', disclosure: smallCountsSuppressed },
} as const satisfies Record<string, MetricDefinition>;
type HealthCountMetric = keyof typeof healthCountMetrics;

/** Each metric's days (coverage, same-period comparisons); places are a yearly stock: each year is whole. */
export const figureDays: FigureDaySources = {
  ...Object.fromEntries([...Object.values(placesMetrics), carePlacesMetric].map((places) => [places.metric, 'yearly-stock' as const])),
  'regional-admissions': daily('regional_admissions', 'admittedOn', 'COUNT(*)'),
  'nursing-acts': daily('nursing_acts', 'performedOn', 'COUNT(*)'),
  'hospital-team-interventions': daily('hospital_team_intervention_days', 'day', 'SUM(interventions)', { sector: 'sectorCode' }),
};

/** Health's plan-wide series, one per metric; places series are one per facility kind. */
export const healthMetrics: readonly string[] = [
  ...Object.values(placesMetrics).map((places) => places.metric),
  ...Object.keys(healthCountMetrics),
];
export type HealthMetric = string;

const kindOfMetric = new Map(careFacilityKinds.map((kind) => [placesMetrics[kind].metric, kind]));

interface KeyedYearRow {
  readonly key: unknown;
  readonly year: unknown;
  readonly value: unknown;
}

/** Runs a `GROUP BY key, year` aggregate and makes one series per key (empty for keys without rows). */
async function seriesByKey<K extends string>(
  keys: readonly K[],
  metric: (key: K) => string,
  unit: string,
  query: SelectQueryBuilder<ObjectLiteral>,
  planWide = false,
): Promise<Map<K, FigureSeries>> {
  const rows = await query.getRawMany<KeyedYearRow>();
  return new Map(
    keys.map((key) => [
      key,
      figureSeries(
        metric(key),
        unit,
        rows.filter((row) => String(row.key) === key),
        new Map(),
        planWide,
      ),
    ]),
  );
}

/** DataLoaders of the health subgraph, built fresh for every request. */
export function createLoaders(db: DataSource, settings: SubgraphSettings) {
  const yearlyCount = <E extends ObjectLiteral>(entity: new () => E, alias: string, dateColumn: string) =>
    db
      .getRepository(entity)
      .createQueryBuilder(alias)
      .select(yearOf(db, `${alias}.${dateColumn}`), 'year')
      .addSelect('COUNT(*)', 'value')
      .groupBy('year');

  /** A rollup's counter summed by year (rollups.ts): a few rows per year, whatever the detail rows behind them. */
  const yearlySum = <E extends ObjectLiteral>(rollup: new () => E, alias: string, counter: string) =>
    db
      .getRepository(rollup)
      .createQueryBuilder(alias)
      .select(`${alias}.year`, 'year')
      .addSelect(`SUM(${alias}.${counter})`, 'value')
      .groupBy(`${alias}.year`);

  /** Plan-wide series by metric: one statement per source table in a batch. */
  const series = new DataLoader<HealthMetric, FigureSeries>(async (metrics) => {
    const found = new Map<string, FigureSeries>();
    const kinds = metrics.flatMap((metric) => kindOfMetric.get(metric) ?? []);
    if (kinds.length > 0) {
      const byKind = await seriesByKey(
        kinds,
        (kind) => placesMetrics[kind].metric,
        'place',
        db
          .getRepository(CareFacilityPlaces)
          .createQueryBuilder('p')
          .innerJoin(CareFacility, 'f', 'f.id = p.facilityId')
          .select('f.kind', 'key')
          .addSelect('p.year', 'year')
          .addSelect('SUM(p.places)', 'value')
          .where('f.kind IN (:...kinds)', { kinds })
          .groupBy('f.kind')
          .addGroupBy('p.year'),
        true,
      );
      for (const [kind, figures] of byKind) found.set(placesMetrics[kind].metric, figures);
    }
    const counted: readonly [HealthCountMetric, () => SelectQueryBuilder<ObjectLiteral>][] = [
      ['regional-admissions', () => yearlyCount(RegionalAdmission, 'a', 'admittedOn')],
      ['nursing-acts', () => yearlySum(NursingActCount, 'n', 'acts')],
      ['hospital-team-interventions', () => yearlySum(HospitalTeamInterventionCount, 'i', 'interventions')],
    ];
    for (const [metric, query] of counted) {
      if (metrics.includes(metric)) found.set(metric, planWideSeries(metric, healthCountMetrics[metric].unit, await query().getRawMany()));
    }
    return metrics.map((metric) => found.get(metric) ?? new Error(`unknown health metric ${metric}`));
  });

  return {
    series,
    facility: rowLoader<string, CareFacility>(
      (ids) => db.getRepository(CareFacility).findBy({ id: In([...ids]) }),
      (f) => f.id,
    ),
    facilitiesBySector: listLoader<string, CareFacility>(
      (codes) => db.getRepository(CareFacility).find({ where: { sectorCode: In([...codes]) }, order: { id: 'ASC' } }),
      (f) => f.sectorCode ?? '',
    ),
    facilitiesByAction: listLoader<string, CareFacility>(
      (ids) => db.getRepository(CareFacility).find({ where: { planActionId: In([...ids]) }, order: { id: 'ASC' } }),
      (f) => f.planActionId ?? '',
    ),
    /** Each facility's places by year, as its kind's metric: a capacity, published (see placesMetrics). */
    placesByFacility: new DataLoader<string, FigureSeries>(async (ids) => {
      const rows = await db
        .getRepository(CareFacility)
        .createQueryBuilder('f')
        .leftJoin(CareFacilityPlaces, 'p', 'p.facilityId = f.id')
        .select('f.id', 'facilityId')
        .addSelect('f.kind', 'kind')
        .addSelect('p.year', 'year')
        .addSelect('SUM(p.places)', 'value')
        .where('f.id IN (:...ids)', { ids })
        .groupBy('f.id')
        .addGroupBy('f.kind')
        .addGroupBy('p.year')
        .getRawMany<{ facilityId: string; kind: CareFacilityKind; year: unknown; value: unknown }>();
      return ids.map((id) => {
        const own = rows.filter((row) => row.facilityId === id);
        const kind = own[0]?.kind;
        if (kind === undefined) return new Error(`no care facility ${id}`);
        return publishedSeries(
          placesMetrics[kind],
          own.filter((row) => row.year !== null),
        );
      });
    }),
    team: rowLoader<string, HospitalMobileTeam>(
      (ids) => db.getRepository(HospitalMobileTeam).findBy({ id: In([...ids]) }),
      (t) => t.id,
    ),
    teamsByAction: listLoader<string, HospitalMobileTeam>(
      (ids) => db.getRepository(HospitalMobileTeam).find({ where: { planActionId: In([...ids]) }, order: { id: 'ASC' } }),
      (t) => t.planActionId ?? '',
    ),
    teamSectorsByTeam: listLoader<string, HospitalTeamSector>(
      (ids) => db.getRepository(HospitalTeamSector).find({ where: { teamId: In([...ids]) }, order: { sectorCode: 'ASC' } }),
      (s) => s.teamId,
    ),
    teamSectorsBySector: listLoader<string, HospitalTeamSector>(
      (codes) => db.getRepository(HospitalTeamSector).find({ where: { sectorCode: In([...codes]) }, order: { teamId: 'ASC' } }),
      (s) => s.sectorCode,
    ),
    staffByTeam: listLoader<string, HospitalTeamStaffCount>(
      (ids) => db.getRepository(HospitalTeamStaffCount).find({ where: { teamId: In([...ids]) }, order: { role: 'ASC' } }),
      (s) => s.teamId,
    ),
    /** A team's outings, unsuppressed: only health's own readers (health:read) reach a team. */
    interventionsByTeam: new DataLoader<string, FigureSeries>(async (ids) => {
      const byTeam = await seriesByKey(ids, () => 'hospital-team-interventions', 'intervention', interventionsBy('teamId', ids));
      return ids.map((id) => byTeam.get(id) ?? figureSeries('hospital-team-interventions', 'intervention', []));
    }),
    /** Outings per sector: one statement per batch, over every sector (whether a count is hidden depends on the whole row). */
    interventionsBySector: new DataLoader<string, FigureSeries>(async (codes) => {
      const rows = await db
        .getRepository(HospitalTeamInterventionCount)
        .createQueryBuilder('i')
        .select('i.sectorCode', 'sectorCode')
        .addSelect('i.year', 'year')
        .addSelect('SUM(i.interventions)', 'value')
        .groupBy('i.sectorCode')
        .addGroupBy('i.year')
        .getRawMany<SectorYearRow>();
      const seriesOf = sectorSeries(healthCountMetrics['hospital-team-interventions'], rows, settings.disclosureThreshold);
      return codes.map((code) => seriesOf(code));
    }),
    /** Places of the facilities located in each sector, all kinds summed by year: one statement per batch; published like every level of places. */
    carePlacesBySector: new DataLoader<string, FigureSeries>(async (codes) => {
      const rows = await db
        .getRepository(CareFacilityPlaces)
        .createQueryBuilder('p')
        .innerJoin(CareFacility, 'f', 'f.id = p.facilityId')
        .select('f.sectorCode', 'sectorCode')
        .addSelect('p.year', 'year')
        .addSelect('SUM(p.places)', 'value')
        .where('f.sectorCode IS NOT NULL')
        .groupBy('f.sectorCode')
        .addGroupBy('p.year')
        .getRawMany<SectorYearRow>();
      const seriesOf = sectorSeries(carePlacesMetric, rows, settings.disclosureThreshold);
      return codes.map((code) => seriesOf(code));
    }),
    /** A site's nursing acts, unsuppressed: only health's own readers (health:read) reach them. */
    nursingActsBySite: new DataLoader<string, FigureSeries>(async (codes) => {
      const bySite = await seriesByKey(
        codes,
        () => 'nursing-acts',
        'act',
        db
          .getRepository(NursingActCount)
          .createQueryBuilder('n')
          .select('n.siteCode', 'key')
          .addSelect('n.year', 'year')
          .addSelect('n.acts', 'value')
          .where('n.siteCode IN (:...codes)', { codes }),
      );
      return codes.map((code) => bySite.get(code) ?? figureSeries('nursing-acts', 'act', []));
    }),
    pathway: rowLoader<string, CarePathway>(
      (pseudonyms) => db.getRepository(CarePathway).findBy({ pseudonym: In([...pseudonyms]) }),
      (p) => p.pseudonym,
    ),
    admissionsByPerson: listLoader<string, PathwayAdmission>(
      (pseudonyms) =>
        db.getRepository(PathwayAdmission).find({ where: { pseudonym: In([...pseudonyms]) }, order: { admittedOn: 'ASC', id: 'ASC' } }),
      (a) => a.pseudonym,
    ),
    housingByPerson: listLoader<string, PathwayHousing>(
      (pseudonyms) =>
        db.getRepository(PathwayHousing).find({ where: { pseudonym: In([...pseudonyms]) }, order: { startedOn: 'ASC', id: 'ASC' } }),
      (h) => h.pseudonym,
    ),
    orientationsByPerson: listLoader<string, PathwayRegionalOrientation>(
      (pseudonyms) =>
        db
          .getRepository(PathwayRegionalOrientation)
          .find({ where: { pseudonym: In([...pseudonyms]) }, order: { orientedOn: 'ASC', id: 'ASC' } }),
      (o) => o.pseudonym,
    ),
  };

  function interventionsBy(column: 'teamId' | 'sectorCode', keys: readonly string[]) {
    return db
      .getRepository(HospitalTeamInterventionCount)
      .createQueryBuilder('i')
      .select(`i.${column}`, 'key')
      .addSelect('i.year', 'year')
      .addSelect('SUM(i.interventions)', 'value')
      .where(`i.${column} IN (:...keys)`, { keys })
      .groupBy(`i.${column}`)
      .addGroupBy('i.year');
  }
}

export type Loaders = ReturnType<typeof createLoaders>;
