import type { Resolvers } from '../generated/resolvers.js';
import { CommitteeMeeting } from './CommitteeMeeting.js';
import { Partner } from './Partner.js';
import { Plan } from './Plan.js';
import { PlanAction } from './PlanAction.js';
import { PlanStep } from './PlanStep.js';
import { Query } from './Query.js';
import { Sector } from './Sector.js';
import { Year } from './Year.js';

export const resolvers: Resolvers = { Query, Plan, Partner, Sector, PlanStep, PlanAction, CommitteeMeeting, Year };
