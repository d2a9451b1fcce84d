import type { SocialContext } from '../context.js';
import type { PathwayOutreachContact as PathwayOutreachContactRow } from '../entities/index.js';

export const PathwayOutreachContact = {
  sector: (contact: PathwayOutreachContactRow) => ({ code: contact.sectorCode }),
  round: (contact: PathwayOutreachContactRow, _: unknown, ctx: SocialContext) => (contact.roundId === null ? null : ctx.loaders.round.load(contact.roundId)),
};
