import { resolversByField } from '../../shared/figures.js';
import type { SocialFiguresResolvers } from '../generated/resolvers.js';
import { socialMetrics, type SocialMetric } from '../loaders.js';

/** Each metric is a `GROUP BY year` series loaded once per request, however many fields ask for it. */
export const SocialFigures: SocialFiguresResolvers = resolversByField<SocialFiguresResolvers, SocialMetric>(
  socialMetrics,
  (metric) => (_, __, ctx) => ctx.loaders.series.load(metric),
);
