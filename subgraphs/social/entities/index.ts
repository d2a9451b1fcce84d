import { CaredPerson } from './CaredPerson.js';
import { CarePathway } from './CarePathway.js';
import { OutreachRound } from './OutreachRound.js';
import { OutreachRoundCount } from './OutreachRoundCount.js';
import { OutreachRoundDay } from './OutreachRoundDay.js';
import { PathwayOutreachContact } from './PathwayOutreachContact.js';
import { PathwayRestSpaceVisit } from './PathwayRestSpaceVisit.js';
import { PublicMeeting } from './PublicMeeting.js';
import { ReceptionSite } from './ReceptionSite.js';
import { ReceptionSiteEvent } from './ReceptionSiteEvent.js';
import { ResidentReport } from './ResidentReport.js';
import { ResidentReportCount } from './ResidentReportCount.js';
import { ResidentReportDay } from './ResidentReportDay.js';
import { RightsAccessAct } from './RightsAccessAct.js';
import { SiteAttendance } from './SiteAttendance.js';

export {
  CaredPerson,
  CarePathway,
  OutreachRound,
  OutreachRoundCount,
  OutreachRoundDay,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
  PublicMeeting,
  ReceptionSite,
  ReceptionSiteEvent,
  ResidentReport,
  ResidentReportCount,
  ResidentReportDay,
  RightsAccessAct,
  SiteAttendance,
};
export { caredPersonSexes, type CaredPersonSex } from './CaredPerson.js';
export { outreachLevels, outreachSlots, type OutreachLevel, type OutreachSlot } from './OutreachRound.js';
export { pathwayContactKinds, type PathwayContactKind } from './PathwayOutreachContact.js';
export { publicMeetingAudiences, type PublicMeetingAudience } from './PublicMeeting.js';
export { receptionSiteKinds, type ReceptionSiteKind } from './ReceptionSite.js';
export { receptionSiteEventKinds, type ReceptionSiteEventKind } from './ReceptionSiteEvent.js';
export { residentReporterKinds, type ResidentReporterKind } from './ResidentReport.js';
export const entities = [
  ReceptionSite,
  ReceptionSiteEvent,
  SiteAttendance,
  CaredPerson,
  RightsAccessAct,
  OutreachRound,
  ResidentReport,
  PublicMeeting,
  // Rollups of rounds and reports, which the yearly figures read.
  OutreachRoundCount,
  ResidentReportCount,
  // Daily rollups of rounds and reports, which the summaries over a date range read.
  OutreachRoundDay,
  ResidentReportDay,
  // Care pathways: tables of their own, so that no figure counts their rows.
  CarePathway,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
];
