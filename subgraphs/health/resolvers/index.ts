import type { Resolvers } from '../generated/resolvers.js';
import { CareEvaluation } from './CareEvaluation.js';
import { CareFacility } from './CareFacility.js';
import { HealthFigures } from './HealthFigures.js';
import { HealthSectorFigures } from './HealthSectorFigures.js';
import { HealthYear } from './HealthYear.js';
import { HospitalMobileTeam } from './HospitalMobileTeam.js';
import { Mutation } from './Mutation.js';
import { PathwayAdmission } from './PathwayAdmission.js';
import { PathwayHousing } from './PathwayHousing.js';
import { PathwayRegionalOrientation } from './PathwayRegionalOrientation.js';
import { Person } from './Person.js';
import { PlanAction } from './PlanAction.js';
import { Query } from './Query.js';
import { ReceptionSite } from './ReceptionSite.js';
import { RegionalAdmissionSummary } from './RegionalAdmissionSummary.js';
import { Sector } from './Sector.js';
import { Year } from './Year.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  CareFacility,
  CareEvaluation,
  RegionalAdmissionSummary,
  HospitalMobileTeam,
  HealthFigures,
  HealthYear,
  HealthSectorFigures,
  Year,
  Sector,
  PlanAction,
  ReceptionSite,
  Person,
  PathwayAdmission,
  PathwayHousing,
  PathwayRegionalOrientation,
};
