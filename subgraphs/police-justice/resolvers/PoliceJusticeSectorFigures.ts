import type { PoliceJusticeContext } from '../context.js';
import { sectorMetrics } from '../loaders.js';

/** Every field is one sector's series, loaded with the other metrics and sectors in one statement. */
export const PoliceJusticeSectorFigures = Object.fromEntries(
  sectorMetrics.map((metric) => [
    metric,
    (sector: { code: string }, _: unknown, ctx: PoliceJusticeContext) => ctx.loaders.seriesBySector.load({ metric, sectorCode: sector.code }),
  ]),
);
