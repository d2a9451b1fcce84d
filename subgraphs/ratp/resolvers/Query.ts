import { dateRange, publicPeriod, sectorFilter, unknownCode } from '../../shared/arguments.js';
import { RatpLine, Station } from '../entities/index.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { jointPatrolOverview } from '../loaders.js';

export const Query: QueryResolvers = {
  ratpLines: (_, __, ctx) => ctx.db.getRepository(RatpLine).find({ order: { code: 'ASC' } }),
  ratpLine: (_, args, ctx) => ctx.loaders.line.load(args.code),
  ratpStations: (_, args, ctx) => {
    const sector = sectorFilter('ratpStations', args.sector);
    return sector === null ? ctx.db.getRepository(Station).find({ order: { code: 'ASC' } }) : ctx.loaders.stationsBySector.load(sector);
  },
  ratpStation: async (_, args, ctx) => {
    const station = await ctx.loaders.station.load(args.code);
    if (station !== null) return station;
    // Only on a miss: the valid codes, read from RATP's own stations.
    const codes = await ctx.db.getRepository(Station).find({ select: { code: true }, order: { code: 'ASC' } });
    throw unknownCode(
      'ratpStation',
      'code',
      'a station of the sectors',
      args.code,
      codes.map((row) => row.code),
    );
  },
  ratpJointPatrolSummary: (_, args, ctx) =>
    jointPatrolOverview(ctx.db, publicPeriod('ratpJointPatrolSummary', dateRange('ratpJointPatrolSummary', args), ctx.access.identity)),
  // Deprecated name: the same summary.
  ratpJointPatrolOverview: (_, args, ctx) =>
    jointPatrolOverview(ctx.db, publicPeriod('ratpJointPatrolOverview', dateRange('ratpJointPatrolOverview', args), ctx.access.identity)),
  ratpFigures: () => ({}),
};
