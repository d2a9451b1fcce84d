/**
 * What health's resolvers receive as their parent, where it is not the GraphQL type itself:
 * `<Type>Model` maps `<Type>` in generated/resolvers.ts (`npm run codegen`).
 */
import type { DateRange } from '../shared/arguments.js';
import type { Sector, Year } from './generated/resolvers.js';

export type {
  CareEvaluation as CareEvaluationModel,
  CareFacility as CareFacilityModel,
  CarePathway as PersonModel,
  HospitalMobileTeam as HospitalMobileTeamModel,
  PathwayAdmission as PathwayAdmissionModel,
  PathwayHousing as PathwayHousingModel,
  PathwayRegionalOrientation as PathwayRegionalOrientationModel,
} from './entities/index.js';
/** The counts of a period; its regions are read for the period when asked for. */
export type RegionalAdmissionSummaryModel = DateRange & { readonly admissions: number; readonly regionCount: number };
/** Health's plan-wide figures: each series is read from the context alone. */
export type HealthFiguresModel = Record<PropertyKey, never>;
/** A sector's series, keyed by the sector alone. */
export type HealthSectorFiguresModel = Pick<Sector, 'code'>;
/** A year's figures, keyed by the year alone. */
export type HealthYearModel = Pick<Year, 'year'>;
