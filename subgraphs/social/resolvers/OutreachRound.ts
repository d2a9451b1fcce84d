import type { SocialContext } from '../context.js';
import type { OutreachRound as OutreachRoundRow } from '../entities/index.js';

export const OutreachRound = {
  __resolveReference: (reference: { id: string }, ctx: SocialContext) => ctx.loaders.round.load(reference.id),
  sector: (round: OutreachRoundRow) => ({ code: round.sectorCode }),
};
