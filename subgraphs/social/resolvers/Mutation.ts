import { count, existing, notBefore, planDay, planInstant, planSector, text } from '../../shared/inputs.js';
import { conflict, idempotentWrite, nextIntegerId, WriteRace, writingPartner } from '../../shared/writes.js';
import { OutreachRound, ResidentReport } from '../entities/index.js';
import { countAnswer, countReport, countRound } from '../rollups.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** Far more people than one round meets (the seed's busiest meets 20): a typo, not a round. */
const MAX_CONTACTS = 500;

/** The plan action under which the UASA mobile teams answer residents' reports. */
const REPORTS_PLAN_ACTION = '2.04';

/** A report id as clients send it (ID is a string); anything but a positive integer names no report. */
const reportIdOf = (id: string): number | null => (/^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : null);

export const Mutation: MutationResolvers = {
  recordOutreachRound: async (_, { input }, ctx) => {
    const date = planDay('date', input.date);
    const sectorCode = planSector('sector', input.sector);
    const row: OutreachRound = {
      // The same id as the seed's, so that RATP's joint patrols can name the round.
      id: `${date}-${input.slot}-${input.level}-${sectorCode}`,
      date,
      slot: input.slot,
      level: input.level,
      sectorCode,
      operator: text('operator', input.operator, 120),
      contactsMade: count('contactsMade', input.contactsMade, MAX_CONTACTS),
    };
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordOutreachRound', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        if (await manager.existsBy(OutreachRound, { id: row.id })) throw conflict(`outreach round ${row.id} is already recorded`, row.id);
        await manager.insert(OutreachRound, row);
        await countRound(manager, row);
        return row;
      },
    );
    return { round: result, replayed };
  },

  recordResidentReport: async (_, { input }, ctx) => {
    const receivedAt = planInstant('receivedAt', input.receivedAt);
    const sectorCode = planSector('sector', input.sector);
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordResidentReport', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        const row: ResidentReport = {
          id: await nextIntegerId(manager, 'resident_reports'),
          reporterKind: input.reporterKind,
          sectorCode,
          receivedAt,
          handledAt: null,
          handledByTeam: null,
          planActionId: REPORTS_PLAN_ACTION,
        };
        await manager.insert(ResidentReport, row);
        await countReport(manager, row);
        return row;
      },
    );
    return { report: result, replayed };
  },

  recordResidentReportHandled: async (_, { input }, ctx) => {
    const handledAt = planInstant('handledAt', input.handledAt);
    const id = reportIdOf(input.reportId);
    const report = await existing(
      'reportId',
      input.reportId,
      id === null ? Promise.resolve(null) : ctx.db.getRepository(ResidentReport).findOneBy({ id }),
      'a report social services received',
    );
    notBefore('handledAt', handledAt, report.receivedAt, "the report's receivedAt");
    const handledByTeam = text('team', input.team, 120);
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordResidentReportHandled', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        const current = await manager.findOneByOrFail(ResidentReport, { id: report.id });
        if (current.handledAt !== null) {
          throw conflict(`report ${report.id} was already answered, at ${current.handledAt.toISOString()}`, String(report.id));
        }
        // Only while unanswered: a concurrent answer makes this match no row, and the write starts over.
        const updated = await manager
          .createQueryBuilder()
          .update(ResidentReport)
          .set({ handledAt, handledByTeam })
          .where('id = :id AND handledAt IS NULL', { id: report.id })
          .execute();
        if (updated.affected !== 1) throw new WriteRace(`report ${report.id} was answered by a concurrent write`);
        await countAnswer(manager, current);
        return manager.merge(ResidentReport, current, { handledAt, handledByTeam });
      },
    );
    return { report: result, replayed };
  },
};
