import type { HealthContext } from '../context.js';
import type { PathwayHousing as PathwayHousingRow } from '../entities/index.js';

export const PathwayHousing = {
  from: (housing: PathwayHousingRow) => housing.startedOn,
  to: (housing: PathwayHousingRow) => housing.endedOn,
  // Deprecated name of `to`.
  until: (housing: PathwayHousingRow) => housing.endedOn,
  facility: (housing: PathwayHousingRow, _: unknown, ctx: HealthContext) => ctx.loaders.facility.load(housing.facilityId),
};
