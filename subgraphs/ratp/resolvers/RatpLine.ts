import type { RatpContext } from '../context.js';
import type { RatpLine as RatpLineRow } from '../entities/index.js';

/** Every line in this subgraph is run by the RATP (a partner owned by the plan subgraph). */
export const RATP_PARTNER_CODE = 'ratp';

export const RatpLine = {
  stations: async (line: RatpLineRow, _: unknown, ctx: RatpContext) => {
    const links = await ctx.loaders.linksByLine.load(line.code);
    return ctx.loaders.station.loadMany(links.map((link) => link.stationCode));
  },
  operator: () => ({ code: RATP_PARTNER_CODE }),
};
