import { loadReferenced } from '../../shared/loaders.js';
import type { RatpJointPatrolResolvers } from '../generated/resolvers.js';

export const RatpJointPatrol: RatpJointPatrolResolvers = {
  station: (patrol, _, ctx) => loadReferenced(ctx.loaders.station, patrol.stationCode, 'station'),
  outreachRound: (patrol) => ({ id: patrol.outreachRoundId }),
};
