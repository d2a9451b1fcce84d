import { figureForYear, resolversByField } from '../../shared/figures.js';
import type { HealthYearResolvers } from '../generated/resolvers.js';
import { healthFigureFields, healthFigureMetrics, type HealthFigureField } from './HealthFigures.js';

/** Each figure is picked from the same series as healthFigures, so previousValue and change agree. */
export const HealthYear: HealthYearResolvers = resolversByField<HealthYearResolvers, HealthFigureField>(
  healthFigureFields,
  (field) => async (year, _, ctx) => figureForYear(await ctx.loaders.series.load(healthFigureMetrics[field]), year.year),
);
