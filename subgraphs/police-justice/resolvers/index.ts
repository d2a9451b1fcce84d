import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './Mutation.js';
import { PoliceDeployment } from './PoliceDeployment.js';
import { PoliceDeploymentOverview } from './PoliceDeploymentOverview.js';
import { PoliceJusticeFigures } from './PoliceJusticeFigures.js';
import { PoliceJusticeSectorFigures } from './PoliceJusticeSectorFigures.js';
import { PoliceJusticeYear } from './PoliceJusticeYear.js';
import { PoliceOperation } from './PoliceOperation.js';
import { Query } from './Query.js';
import { SceneDismantling } from './SceneDismantling.js';
import { Sector } from './Sector.js';
import { Year } from './Year.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Sector,
  Year,
  PoliceOperation,
  SceneDismantling,
  PoliceDeployment,
  PoliceDeploymentOverview,
  PoliceJusticeFigures,
  PoliceJusticeSectorFigures,
  PoliceJusticeYear,
};
