import type { OutreachRoundResolvers } from '../generated/resolvers.js';

export const OutreachRound: OutreachRoundResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.round.load(reference.id),
  sector: (round) => ({ code: round.sectorCode }),
};
