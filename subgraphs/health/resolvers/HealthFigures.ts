import type { HealthContext } from '../context.js';
import type { CareFacilityKind } from '../entities/index.js';
import { placesMetrics, type HealthMetric } from '../loaders.js';

/** The fields of HealthFigures (and HealthYear) and the series each one reads. */
export const healthFigureMetrics = {
  assorePlaces: 'assore-places',
  hospitalAddictionPlaces: 'hospital-addiction-places',
  hospitalPsychiatryPlaces: 'hospital-psychiatry-places',
  curePlaces: 'cure-places',
  postCurePlaces: 'post-cure-places',
  regionalAdmissions: 'regional-admissions',
  nursingActs: 'nursing-acts',
  hospitalTeamInterventions: 'hospital-team-interventions',
} as const satisfies Record<string, HealthMetric>;

const seriesField = (metric: HealthMetric) => (_: unknown, __: unknown, ctx: HealthContext) => ctx.loaders.series.load(metric);

export const HealthFigures = {
  ...Object.fromEntries(Object.entries(healthFigureMetrics).map(([field, metric]) => [field, seriesField(metric)])),
  places: (_: unknown, args: { kind: CareFacilityKind }, ctx: HealthContext) => ctx.loaders.series.load(placesMetrics[args.kind].metric),
};
