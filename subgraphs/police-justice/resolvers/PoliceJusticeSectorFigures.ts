import { resolversByField } from '../../shared/figures.js';
import type { PoliceJusticeSectorFiguresResolvers } from '../generated/resolvers.js';
import { sectorMetrics, type PoliceJusticeSectorMetric } from '../loaders.js';

/** Every field is one sector's series, loaded with the other metrics and sectors in one statement. */
export const PoliceJusticeSectorFigures: PoliceJusticeSectorFiguresResolvers = resolversByField<
  PoliceJusticeSectorFiguresResolvers,
  PoliceJusticeSectorMetric
>(sectorMetrics, (metric) => (sector, _, ctx) => ctx.loaders.seriesBySector.load({ metric, sectorCode: sector.code }));
