import type { CareFacilityResolvers } from '../generated/resolvers.js';

export const CareFacility: CareFacilityResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.facility.load(reference.id),
  operator: (facility) => ({ code: facility.operatorPartnerCode }),
  sector: (facility) => (facility.sectorCode === null ? null : { code: facility.sectorCode }),
  planAction: (facility) => (facility.planActionId === null ? null : { id: facility.planActionId }),
  assessmentWindow: (facility) =>
    facility.assessmentWindowMinHours === null || facility.assessmentWindowMaxHours === null
      ? null
      : { minHours: facility.assessmentWindowMinHours, maxHours: facility.assessmentWindowMaxHours },
  places: (facility, _, ctx) => ctx.loaders.placesByFacility.load(facility.id),
};
