import type { HealthContext } from '../context.js';
import type { CareFacility as CareFacilityRow } from '../entities/index.js';

export const CareFacility = {
  __resolveReference: (reference: { id: string }, ctx: HealthContext) => ctx.loaders.facility.load(reference.id),
  operator: (facility: CareFacilityRow) => ({ code: facility.operatorPartnerCode }),
  sector: (facility: CareFacilityRow) => (facility.sectorCode === null ? null : { code: facility.sectorCode }),
  planAction: (facility: CareFacilityRow) => (facility.planActionId === null ? null : { id: facility.planActionId }),
  assessmentWindow: (facility: CareFacilityRow) =>
    facility.assessmentWindowMinHours === null || facility.assessmentWindowMaxHours === null
      ? null
      : { minHours: facility.assessmentWindowMinHours, maxHours: facility.assessmentWindowMaxHours },
  places: (facility: CareFacilityRow, _: unknown, ctx: HealthContext) => ctx.loaders.placesByFacility.load(facility.id),
};
