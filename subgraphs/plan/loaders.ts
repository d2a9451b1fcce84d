import { In, type DataSource } from 'typeorm';
import { listLoader, rowLoader } from '../shared/loaders.js';
import { yearOf } from '../shared/sql.js';
import { CommitteeMeeting, MeetingAttendance, Partner, PlanAction, PlanStep, Sector, StepPriority } from './entities/index.js';

export interface StatusCount {
  readonly stepNumber: number;
  readonly status: string;
  readonly count: number;
}

/** DataLoaders of the plan subgraph, built fresh for every request. */
export function createLoaders(db: DataSource) {
  return {
    partner: rowLoader<string, Partner>(
      (codes) => db.getRepository(Partner).findBy({ code: In([...codes]) }),
      (p) => p.code,
    ),
    sector: rowLoader<string, Sector>(
      (codes) => db.getRepository(Sector).findBy({ code: In([...codes]) }),
      (s) => s.code,
    ),
    step: rowLoader<number, PlanStep>(
      (numbers) => db.getRepository(PlanStep).findBy({ number: In([...numbers]) }),
      (s) => s.number,
    ),
    action: rowLoader<string, PlanAction>(
      (ids) => db.getRepository(PlanAction).findBy({ id: In([...ids]) }),
      (a) => a.id,
    ),
    actionsByStep: listLoader<number, PlanAction>(
      (numbers) => db.getRepository(PlanAction).find({ where: { stepNumber: In([...numbers]) }, order: { id: 'ASC' } }),
      (a) => a.stepNumber,
    ),
    actionsByLeadPartner: listLoader<string, PlanAction>(
      (codes) => db.getRepository(PlanAction).find({ where: { leadPartnerCode: In([...codes]) }, order: { id: 'ASC' } }),
      (a) => a.leadPartnerCode,
    ),
    prioritiesByStep: listLoader<number, StepPriority>(
      (numbers) => db.getRepository(StepPriority).find({ where: { stepNumber: In([...numbers]) }, order: { rank: 'ASC' } }),
      (p) => p.stepNumber,
    ),
    statusCountsByStep: listLoader<number, StatusCount>(
      async (numbers) =>
        (
          await db
            .getRepository(PlanAction)
            .createQueryBuilder('a')
            .select('a.stepNumber', 'stepNumber')
            .addSelect('a.status', 'status')
            .addSelect('COUNT(*)', 'count')
            .where('a.stepNumber IN (:...numbers)', { numbers })
            .groupBy('a.stepNumber')
            .addGroupBy('a.status')
            .getRawMany<{ stepNumber: unknown; status: string; count: unknown }>()
        ).map((row) => ({ stepNumber: Number(row.stepNumber), status: row.status, count: Number(row.count) })),
      (row) => row.stepNumber,
    ),
    attendeesByMeeting: listLoader<string, MeetingAttendance>(
      (ids) => db.getRepository(MeetingAttendance).find({ where: { meetingId: In([...ids]) }, order: { partnerCode: 'ASC' } }),
      (a) => a.meetingId,
    ),
    meetingsByYear: listLoader<number, CommitteeMeeting & { year: number }>(
      async (years) =>
        (
          await db
            .getRepository(CommitteeMeeting)
            .createQueryBuilder('m')
            .where(`${yearOf(db, 'm.date')} IN (:...years)`, { years })
            .orderBy('m.date', 'ASC')
            .getMany()
        ).map((meeting) => Object.assign(meeting, { year: Number(meeting.date.slice(0, 4)) })),
      (m) => m.year,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
