import type { RatpContext } from '../context.js';

type OutreachRoundRef = { id: string };

/** OutreachRound is owned by the social subgraph: RATP adds the patrols that joined it. */
export const OutreachRound = {
  __resolveReference: (reference: OutreachRoundRef) => reference,
  ratpJointPatrols: (round: OutreachRoundRef, _: unknown, ctx: RatpContext) => ctx.loaders.jointPatrolsByRound.load(round.id),
};
