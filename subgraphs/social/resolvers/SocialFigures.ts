import type { SocialContext } from '../context.js';
import { socialMetrics, type SocialMetric } from '../loaders.js';

/** Each metric is a `GROUP BY year` series loaded once per request, however many fields ask for it. */
export const SocialFigures = Object.fromEntries(
  socialMetrics.map((metric) => [metric, (_: unknown, __: unknown, ctx: SocialContext) => ctx.loaders.series.load(metric)]),
) as Record<SocialMetric, (parent: unknown, args: unknown, ctx: SocialContext) => ReturnType<SocialContext['loaders']['series']['load']>>;
