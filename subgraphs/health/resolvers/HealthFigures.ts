import { resolversByField } from '../../shared/figures.js';
import type { HealthFiguresResolvers, HealthYearResolvers } from '../generated/resolvers.js';
import { placesMetrics, type HealthMetric } from '../loaders.js';

/** The fields of HealthFigures and HealthYear, and the series each one reads. */
export const healthFigureMetrics = {
  assorePlaces: 'assore-places',
  hospitalAddictionPlaces: 'hospital-addiction-places',
  hospitalPsychiatryPlaces: 'hospital-psychiatry-places',
  curePlaces: 'cure-places',
  postCurePlaces: 'post-cure-places',
  regionalAdmissions: 'regional-admissions',
  nursingActs: 'nursing-acts',
  hospitalTeamInterventions: 'hospital-team-interventions',
} as const satisfies Record<keyof HealthFiguresResolvers & keyof HealthYearResolvers, HealthMetric>;
export type HealthFigureField = keyof typeof healthFigureMetrics;
export const healthFigureFields = Object.keys(healthFigureMetrics) as HealthFigureField[];

export const HealthFigures: HealthFiguresResolvers = {
  ...resolversByField<HealthFiguresResolvers, HealthFigureField>(
    healthFigureFields,
    (field) => (_, __, ctx) => ctx.loaders.series.load(healthFigureMetrics[field]),
  ),
  places: (_, args, ctx) => ctx.loaders.series.load(placesMetrics[args.kind].metric),
};
