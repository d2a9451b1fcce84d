import type { PoliceJusticeContext } from '../context.js';
import { metrics, type PoliceJusticeMetric } from '../loaders.js';

/** Every field is a series, loaded with the others in one statement. */
export const PoliceJusticeFigures = Object.fromEntries(
  (Object.keys(metrics) as PoliceJusticeMetric[]).map((metric) => [metric, (_: unknown, __: unknown, ctx: PoliceJusticeContext) => ctx.loaders.series.load(metric)]),
);
