import { resolversByField } from '../../shared/figures.js';
import type { PoliceJusticeFiguresResolvers } from '../generated/resolvers.js';
import { metrics, type PoliceJusticeMetric } from '../loaders.js';

/** Every field is a series, loaded with the others in one statement. */
export const PoliceJusticeFigures: PoliceJusticeFiguresResolvers = resolversByField<PoliceJusticeFiguresResolvers, PoliceJusticeMetric>(
  Object.keys(metrics) as PoliceJusticeMetric[],
  (metric) => (_, __, ctx) => ctx.loaders.series.load(metric),
);
