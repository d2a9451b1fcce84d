import { loadReferenced } from '../../shared/loaders.js';
import type { PathwayRestSpaceVisitResolvers } from '../generated/resolvers.js';

export const PathwayRestSpaceVisit: PathwayRestSpaceVisitResolvers = {
  site: (visit, _, ctx) => loadReferenced(ctx.loaders.site, visit.siteCode, 'reception site'),
};
