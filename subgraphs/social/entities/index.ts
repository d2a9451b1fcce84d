import { CaredPerson } from './CaredPerson.js';
import { CarePathway } from './CarePathway.js';
import { OutreachRound } from './OutreachRound.js';
import { PathwayOutreachContact } from './PathwayOutreachContact.js';
import { PathwayRestSpaceVisit } from './PathwayRestSpaceVisit.js';
import { PublicMeeting } from './PublicMeeting.js';
import { ReceptionSite } from './ReceptionSite.js';
import { ReceptionSiteEvent } from './ReceptionSiteEvent.js';
import { ResidentReport } from './ResidentReport.js';
import { RightsAccessAct } from './RightsAccessAct.js';
import { SiteAttendance } from './SiteAttendance.js';

export {
  CaredPerson,
  CarePathway,
  OutreachRound,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
  PublicMeeting,
  ReceptionSite,
  ReceptionSiteEvent,
  ResidentReport,
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
  // Care pathways: tables of their own, so that no figure counts their rows.
  CarePathway,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
];
