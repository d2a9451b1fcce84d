import type { OutreachRoundResolvers } from '../generated/resolvers.js';

/** OutreachRound is owned by the social subgraph: RATP adds the patrols that joined it. */
export const OutreachRound: OutreachRoundResolvers = {
  __resolveReference: (reference) => reference,
  ratpJointPatrols: (round, _, ctx) => ctx.loaders.jointPatrolsByRound.load(round.id),
};
