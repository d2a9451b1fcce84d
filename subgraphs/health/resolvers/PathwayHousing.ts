import { loadReferenced } from '../../shared/loaders.js';
import type { PathwayHousingResolvers } from '../generated/resolvers.js';

export const PathwayHousing: PathwayHousingResolvers = {
  from: (housing) => housing.startedOn,
  to: (housing) => housing.endedOn,
  // Deprecated name of `to`.
  until: (housing) => housing.endedOn,
  facility: (housing, _, ctx) => loadReferenced(ctx.loaders.facility, housing.facilityId, 'care facility'),
};
