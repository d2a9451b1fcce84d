import { figureForYear } from '../../shared/figures.js';
import type { HealthContext } from '../context.js';
import type { HealthMetric } from '../loaders.js';
import { healthFigureMetrics } from './HealthFigures.js';

const yearField = (metric: HealthMetric) => async (year: { year: number }, _: unknown, ctx: HealthContext) =>
  figureForYear(await ctx.loaders.series.load(metric), year.year);

/** Each figure is picked from the same series as healthFigures, so previousValue and change agree. */
export const HealthYear = Object.fromEntries(Object.entries(healthFigureMetrics).map(([field, metric]) => [field, yearField(metric)]));
