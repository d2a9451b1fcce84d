import { loadAllReferenced } from '../../shared/loaders.js';
import type { RatpLineResolvers } from '../generated/resolvers.js';

/** Every line in this subgraph is run by the RATP (a partner owned by the plan subgraph). */
export const RATP_PARTNER_CODE = 'ratp';

export const RatpLine: RatpLineResolvers = {
  stations: async (line, _, ctx) => {
    const links = await ctx.loaders.linksByLine.load(line.code);
    return loadAllReferenced(
      ctx.loaders.station,
      links.map((link) => link.stationCode),
      'station',
    );
  },
  operator: () => ({ code: RATP_PARTNER_CODE }),
};
