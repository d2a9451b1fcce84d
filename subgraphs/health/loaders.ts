import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { suppressedSectorSeries, type SectorYearRow } from '../shared/disclosure.js';
import { figureSeries, type FigureSeries } from '../shared/figures.js';
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

/** The metric of each kind's places series, as `FigureSeries.metric` shows it. */
export const placesMetrics: Record<CareFacilityKind, string> = {
  SUPPORTED_HOTEL_HOUSING: 'assore-places',
  HOSPITAL_ADDICTION_BEDS: 'hospital-addiction-places',
  HOSPITAL_PSYCHIATRY_BEDS: 'hospital-psychiatry-places',
  ASSESSMENT_UNIT: 'assessment-unit-places',
  CURE: 'cure-places',
  POST_CURE: 'post-cure-places',
};

/** Health's plan-wide series, one per metric; places series are one per facility kind. */
export const healthMetrics = [...Object.values(placesMetrics), 'regional-admissions', 'nursing-acts', 'hospital-team-interventions'] as const;
export type HealthMetric = (typeof healthMetrics)[number];

const units: Record<string, string> = { 'regional-admissions': 'person', 'nursing-acts': 'act', 'hospital-team-interventions': 'intervention' };
const kindOfMetric = new Map(careFacilityKinds.map((kind) => [placesMetrics[kind], kind]));

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
): Promise<Map<K, FigureSeries>> {
  const rows = await query.getRawMany<KeyedYearRow>();
  return new Map(
    keys.map((key) => [key, figureSeries(metric(key), unit, rows.filter((row) => String(row.key) === key))]),
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
        (kind) => placesMetrics[kind],
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
      );
      for (const [kind, figures] of byKind) found.set(placesMetrics[kind], figures);
    }
    const counted: readonly [HealthMetric, () => SelectQueryBuilder<ObjectLiteral>][] = [
      ['regional-admissions', () => yearlyCount(RegionalAdmission, 'a', 'admittedOn')],
      ['nursing-acts', () => yearlySum(NursingActCount, 'n', 'acts')],
      ['hospital-team-interventions', () => yearlySum(HospitalTeamInterventionCount, 'i', 'interventions')],
    ];
    for (const [metric, query] of counted) {
      if (metrics.includes(metric)) found.set(metric, figureSeries(metric, units[metric] ?? metric, await query().getRawMany()));
    }
    return metrics.map((metric) => found.get(metric) ?? new Error(`unknown health metric ${metric}`));
  });

  return {
    series,
    facility: rowLoader<string, CareFacility>((ids) => db.getRepository(CareFacility).findBy({ id: In([...ids]) }), (f) => f.id),
    facilitiesBySector: listLoader<string, CareFacility>(
      (codes) => db.getRepository(CareFacility).find({ where: { sectorCode: In([...codes]) }, order: { id: 'ASC' } }),
      (f) => f.sectorCode ?? '',
    ),
    facilitiesByAction: listLoader<string, CareFacility>(
      (ids) => db.getRepository(CareFacility).find({ where: { planActionId: In([...ids]) }, order: { id: 'ASC' } }),
      (f) => f.planActionId ?? '',
    ),
    placesByFacility: new DataLoader<string, FigureSeries>(async (ids) => {
      const byFacility = await seriesByKey(
        ids,
        (id) => `places:${id}`,
        'place',
        db
          .getRepository(CareFacilityPlaces)
          .createQueryBuilder('p')
          .select('p.facilityId', 'key')
          .addSelect('p.year', 'year')
          .addSelect('SUM(p.places)', 'value')
          .where('p.facilityId IN (:...ids)', { ids })
          .groupBy('p.facilityId')
          .addGroupBy('p.year'),
      );
      return ids.map((id) => byFacility.get(id) ?? figureSeries(`places:${id}`, 'place', []));
    }),
    team: rowLoader<string, HospitalMobileTeam>((ids) => db.getRepository(HospitalMobileTeam).findBy({ id: In([...ids]) }), (t) => t.id),
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
      const seriesOf = suppressedSectorSeries('hospital-team-interventions', 'intervention', rows, settings.disclosureThreshold);
      return codes.map((code) => seriesOf(code));
    }),
    /** Places of the facilities located in each sector, all kinds summed by year: one statement per batch, over every sector. */
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
      const seriesOf = suppressedSectorSeries('care-places', 'place', rows, settings.disclosureThreshold);
      return codes.map((code) => seriesOf(code));
    }),
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
    pathway: rowLoader<string, CarePathway>((pseudonyms) => db.getRepository(CarePathway).findBy({ pseudonym: In([...pseudonyms]) }), (p) => p.pseudonym),
    admissionsByPerson: listLoader<string, PathwayAdmission>(
      (pseudonyms) => db.getRepository(PathwayAdmission).find({ where: { pseudonym: In([...pseudonyms]) }, order: { admittedOn: 'ASC', id: 'ASC' } }),
      (a) => a.pseudonym,
    ),
    housingByPerson: listLoader<string, PathwayHousing>(
      (pseudonyms) => db.getRepository(PathwayHousing).find({ where: { pseudonym: In([...pseudonyms]) }, order: { startedOn: 'ASC', id: 'ASC' } }),
      (h) => h.pseudonym,
    ),
    orientationsByPerson: listLoader<string, PathwayRegionalOrientation>(
      (pseudonyms) =>
        db.getRepository(PathwayRegionalOrientation).find({ where: { pseudonym: In([...pseudonyms]) }, order: { orientedOn: 'ASC', id: 'ASC' } }),
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
