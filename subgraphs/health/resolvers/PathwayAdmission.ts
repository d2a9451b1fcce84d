import type { HealthContext } from '../context.js';
import type { PathwayAdmission as PathwayAdmissionRow } from '../entities/index.js';

export const PathwayAdmission = {
  date: (admission: PathwayAdmissionRow) => admission.admittedOn,
  facility: (admission: PathwayAdmissionRow, _: unknown, ctx: HealthContext) => ctx.loaders.facility.load(admission.facilityId),
};
