import type { PathwayOutreachContactResolvers } from '../generated/resolvers.js';

export const PathwayOutreachContact: PathwayOutreachContactResolvers = {
  sector: (contact) => ({ code: contact.sectorCode }),
  round: (contact, _, ctx) => (contact.roundId === null ? null : ctx.loaders.round.load(contact.roundId)),
};
