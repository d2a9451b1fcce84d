import { CareEvaluation } from './CareEvaluation.js';
import { CareFacility } from './CareFacility.js';
import { CareFacilityPlaces } from './CareFacilityPlaces.js';
import { HospitalMobileTeam } from './HospitalMobileTeam.js';
import { HospitalTeamIntervention } from './HospitalTeamIntervention.js';
import { HospitalTeamSector } from './HospitalTeamSector.js';
import { HospitalTeamStaffCount } from './HospitalTeamStaffCount.js';
import { NursingAct } from './NursingAct.js';
import { RegionalAdmission } from './RegionalAdmission.js';

export {
  CareEvaluation,
  CareFacility,
  CareFacilityPlaces,
  HospitalMobileTeam,
  HospitalTeamIntervention,
  HospitalTeamSector,
  HospitalTeamStaffCount,
  NursingAct,
  RegionalAdmission,
};
export { careFacilityKinds, careSpecialties, type CareFacilityKind, type CareSpecialty } from './CareFacility.js';
export { hospitalStaffRoles, type HospitalStaffRole } from './HospitalTeamStaffCount.js';
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
];
