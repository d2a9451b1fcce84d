import type { RatpContext } from '../context.js';
import type { RatpJointPatrol as RatpJointPatrolRow } from '../entities/index.js';

export const RatpJointPatrol = {
  station: (patrol: RatpJointPatrolRow, _: unknown, ctx: RatpContext) => ctx.loaders.station.load(patrol.stationCode),
  outreachRound: (patrol: RatpJointPatrolRow) => ({ id: patrol.outreachRoundId }),
};
