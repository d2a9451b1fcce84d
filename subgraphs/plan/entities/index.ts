import { CommitteeMeeting } from './CommitteeMeeting.js';
import { MeetingAttendance } from './MeetingAttendance.js';
import { Partner } from './Partner.js';
import { Plan } from './Plan.js';
import { PlanAction } from './PlanAction.js';
import { PlanStep } from './PlanStep.js';
import { Sector } from './Sector.js';
import { StepPriority } from './StepPriority.js';

export { CommitteeMeeting, MeetingAttendance, Partner, Plan, PlanAction, PlanStep, Sector, StepPriority };
export type { MeetingKind } from './CommitteeMeeting.js';
export type { PartnerKind } from './Partner.js';
export type { ActionStatus, PlanAxis } from './PlanAction.js';
export const entities = [Plan, Partner, Sector, PlanStep, StepPriority, PlanAction, CommitteeMeeting, MeetingAttendance];
