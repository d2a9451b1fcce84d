/**
 * What police-justice's resolvers receive as their parent, where it is not the GraphQL type itself:
 * `<Type>Model` maps `<Type>` in generated/resolvers.ts (`npm run codegen`).
 */
import type { PoliceOperation } from './entities/index.js';
import type { Sector, Year } from './generated/resolvers.js';
import type { deploymentSummary } from './summaries.js';

export type { PoliceDeployment as PoliceDeploymentModel, PoliceOperation as PoliceOperationModel } from './entities/index.js';
/** The public part of an operation, as `Query.sceneDismantlings` selects it: no description. */
export type SceneDismantlingModel = Pick<PoliceOperation, 'id' | 'date' | 'sectorCode' | 'leadPartnerCode'>;
/** The plan-wide summary: its sectors are read for its period. */
export type PoliceDeploymentOverviewModel = ReturnType<typeof deploymentSummary>;
/** Police-justice's plan-wide figures: each series is read from the context alone. */
export type PoliceJusticeFiguresModel = Record<PropertyKey, never>;
/** A sector's series, keyed by the sector alone. */
export type PoliceJusticeSectorFiguresModel = Pick<Sector, 'code'>;
/** A year's figures, keyed by the year alone. */
export type PoliceJusticeYearModel = Pick<Year, 'year'>;
