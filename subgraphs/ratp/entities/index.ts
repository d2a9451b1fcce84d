import { RatpJointPatrol } from './RatpJointPatrol.js';
import { RatpJointPatrolCount } from './RatpJointPatrolCount.js';
import { RatpLine } from './RatpLine.js';
import { Station } from './Station.js';
import { StationIncident } from './StationIncident.js';
import { StationIncidentCount } from './StationIncidentCount.js';
import { StationIncidentDay } from './StationIncidentDay.js';
import { StationIncidentMonth } from './StationIncidentMonth.js';
import { StationLine } from './StationLine.js';

export * from './RatpJointPatrol.js';
export * from './RatpJointPatrolCount.js';
export * from './RatpLine.js';
export * from './Station.js';
export * from './StationIncident.js';
export * from './StationIncidentCount.js';
export * from './StationIncidentDay.js';
export * from './StationIncidentMonth.js';
export * from './StationLine.js';
export const entities = [
  RatpLine,
  Station,
  StationLine,
  RatpJointPatrol,
  StationIncident,
  // Rollups of patrols and incidents, which the yearly figures read.
  RatpJointPatrolCount,
  StationIncidentCount,
  // Daily and monthly rollups of incidents, which the summaries over a date range read.
  StationIncidentDay,
  StationIncidentMonth,
];
