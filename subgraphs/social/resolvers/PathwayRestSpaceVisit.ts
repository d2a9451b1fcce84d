import type { SocialContext } from '../context.js';
import type { PathwayRestSpaceVisit as PathwayRestSpaceVisitRow } from '../entities/index.js';

export const PathwayRestSpaceVisit = {
  site: (visit: PathwayRestSpaceVisitRow, _: unknown, ctx: SocialContext) => ctx.loaders.site.load(visit.siteCode),
};
