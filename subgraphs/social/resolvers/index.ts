import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './Mutation.js';
import { OutreachCoverage } from './OutreachCoverage.js';
import { OutreachRound } from './OutreachRound.js';
import { PathwayOutreachContact } from './PathwayOutreachContact.js';
import { PathwayRestSpaceVisit } from './PathwayRestSpaceVisit.js';
import { Person } from './Person.js';
import { PlanAction } from './PlanAction.js';
import { PublicMeeting } from './PublicMeeting.js';
import { Query } from './Query.js';
import { ReceptionSite } from './ReceptionSite.js';
import { ResidentReport } from './ResidentReport.js';
import { ResidentReportSummary } from './ResidentReportSummary.js';
import { Sector } from './Sector.js';
import { SocialFigures } from './SocialFigures.js';
import { SocialSectorFigures } from './SocialSectorFigures.js';
import { SocialYear } from './SocialYear.js';
import { Year } from './Year.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  ReceptionSite,
  OutreachRound,
  OutreachCoverage,
  PublicMeeting,
  ResidentReport,
  ResidentReportSummary,
  Sector,
  PlanAction,
  SocialFigures,
  SocialSectorFigures,
  SocialYear,
  Year,
  Person,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
};
