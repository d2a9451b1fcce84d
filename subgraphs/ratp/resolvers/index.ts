import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './Mutation.js';
import { OutreachRound } from './OutreachRound.js';
import { Query } from './Query.js';
import { RatpFigures } from './RatpFigures.js';
import { RatpIncident } from './RatpIncident.js';
import { RatpJointPatrol } from './RatpJointPatrol.js';
import { RatpJointPatrolOverview } from './RatpJointPatrolOverview.js';
import { RatpLine } from './RatpLine.js';
import { RatpSectorFigures } from './RatpSectorFigures.js';
import { RatpYear } from './RatpYear.js';
import { Sector } from './Sector.js';
import { Station } from './Station.js';
import { Year } from './Year.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  RatpLine,
  Station,
  Sector,
  OutreachRound,
  RatpJointPatrol,
  RatpJointPatrolOverview,
  RatpIncident,
  RatpFigures,
  RatpSectorFigures,
  RatpYear,
  Year,
};
