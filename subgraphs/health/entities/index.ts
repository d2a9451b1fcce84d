import { CareEvaluation } from './CareEvaluation.js';
import { CareFacility } from './CareFacility.js';
import { CareFacilityPlaces } from './CareFacilityPlaces.js';
import { CarePathway } from './CarePathway.js';
import { HospitalMobileTeam } from './HospitalMobileTeam.js';
import { HospitalTeamIntervention } from './HospitalTeamIntervention.js';
import { HospitalTeamInterventionCount } from './HospitalTeamInterventionCount.js';
import { HospitalTeamInterventionDay } from './HospitalTeamInterventionDay.js';
import { HospitalTeamSector } from './HospitalTeamSector.js';
import { HospitalTeamStaffCount } from './HospitalTeamStaffCount.js';
import { NursingAct } from './NursingAct.js';
import { NursingActCount } from './NursingActCount.js';
import { PathwayAdmission } from './PathwayAdmission.js';
import { PathwayHousing } from './PathwayHousing.js';
import { PathwayRegionalOrientation } from './PathwayRegionalOrientation.js';
import { RegionalAdmission } from './RegionalAdmission.js';

export {
  CareEvaluation,
  CareFacility,
  CareFacilityPlaces,
  CarePathway,
  HospitalMobileTeam,
  HospitalTeamIntervention,
  HospitalTeamInterventionCount,
  HospitalTeamInterventionDay,
  HospitalTeamSector,
  HospitalTeamStaffCount,
  NursingAct,
  NursingActCount,
  PathwayAdmission,
  PathwayHousing,
  PathwayRegionalOrientation,
  RegionalAdmission,
};
export { careFacilityKinds, careSpecialties, type CareFacilityKind, type CareSpecialty } from './CareFacility.js';
export { hospitalStaffRoles, type HospitalStaffRole } from './HospitalTeamStaffCount.js';
export { pathwayAdmissionKinds, type PathwayAdmissionKind } from './PathwayAdmission.js';
export { pathwayOrientationOutcomes, type PathwayOrientationOutcome } from './PathwayRegionalOrientation.js';
export const entities = [
  CareFacility,
  CareFacilityPlaces,
  CareEvaluation,
  RegionalAdmission,
  HospitalMobileTeam,
  HospitalTeamSector,
  HospitalTeamStaffCount,
  HospitalTeamIntervention,
  NursingAct,
  // Rollups of the two tables above, which the yearly figures read, and the daily one the series read.
  HospitalTeamInterventionCount,
  NursingActCount,
  HospitalTeamInterventionDay,
  // Care pathways: tables of their own, so that no figure counts their rows.
  CarePathway,
  PathwayAdmission,
  PathwayHousing,
  PathwayRegionalOrientation,
];
