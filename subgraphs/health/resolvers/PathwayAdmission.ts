import { loadReferenced } from '../../shared/loaders.js';
import type { PathwayAdmissionResolvers } from '../generated/resolvers.js';

export const PathwayAdmission: PathwayAdmissionResolvers = {
  date: (admission) => admission.admittedOn,
  facility: (admission, _, ctx) => loadReferenced(ctx.loaders.facility, admission.facilityId, 'care facility'),
};
