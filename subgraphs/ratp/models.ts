/**
 * What RATP's resolvers receive as their parent, where it is not the GraphQL type itself:
 * `<Type>Model` maps `<Type>` in generated/resolvers.ts (`npm run codegen`).
 */
import type { Sector, Year } from './generated/resolvers.js';

export type { RatpJointPatrol as RatpJointPatrolModel, RatpLine as RatpLineModel, Station as StationModel } from './entities/index.js';
export type { Incident as RatpIncidentModel, JointPatrolOverview as RatpJointPatrolOverviewModel } from './loaders.js';
/** A sector's series, keyed by the sector alone. */
export type RatpSectorFiguresModel = Pick<Sector, 'code'>;
/** A year's figures, keyed by the year alone. */
export type RatpYearModel = Pick<Year, 'year'>;
/** RATP's plan-wide figures: each series is read from the context alone. */
export type RatpFiguresModel = Record<PropertyKey, never>;
