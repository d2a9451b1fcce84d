import { Between, LessThanOrEqual, MoreThanOrEqual, type FindOperator } from 'typeorm';
import { badInput, dateRange, unknownCode, type DateRange } from '../../shared/arguments.js';
import type { PlanContext } from '../context.js';
import { CommitteeMeeting, Partner, Plan, PlanStep, Sector } from '../entities/index.js';
import type { QueryResolvers } from '../generated/resolvers.js';

export const PLAN_CODE = 'plan-crack';

/** The years of the plan: from its signature to the current year. */
export async function planYears(ctx: PlanContext): Promise<number[]> {
  const plan = await ctx.db.getRepository(Plan).findOneByOrFail({ code: PLAN_CODE });
  const first = Number(plan.signedOn.slice(0, 4));
  const last = new Date().getUTCFullYear();
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A checked range as a TypeORM condition on a date column; undefined when both ends are open. */
function dateCondition({ from, to }: DateRange): FindOperator<string> | undefined {
  if (from && to) return Between(from, to);
  if (from) return MoreThanOrEqual(from);
  if (to) return LessThanOrEqual(to);
  return undefined;
}

export const Query: QueryResolvers = {
  plan: (_, __, ctx) => ctx.db.getRepository(Plan).findOneByOrFail({ code: PLAN_CODE }),
  partners: (_, __, ctx) => ctx.db.getRepository(Partner).find({ order: { code: 'ASC' } }),
  partner: (_, args, ctx) => ctx.loaders.partner.load(args.code),
  sectors: (_, __, ctx) => ctx.db.getRepository(Sector).find({ order: { code: 'ASC' } }),
  sector: async (_, args, ctx) => {
    const sector = await ctx.loaders.sector.load(args.code);
    if (sector !== null) return sector;
    // Only on a miss: the valid codes, read from the plan's own table.
    const codes = await ctx.db.getRepository(Sector).find({ select: { code: true }, order: { code: 'ASC' } });
    throw unknownCode(
      'sector',
      'code',
      'a sector of the plan',
      args.code,
      codes.map((row) => row.code),
    );
  },
  planSteps: (_, __, ctx) => ctx.db.getRepository(PlanStep).find({ order: { number: 'ASC' } }),
  planStep: (_, args, ctx) => ctx.loaders.step.load(args.number),
  planAction: (_, args, ctx) => ctx.loaders.action.load(args.id),
  committeeMeetings: (_, args, ctx) => {
    const date = dateCondition(dateRange('committeeMeetings', args));
    return ctx.db.getRepository(CommitteeMeeting).find({ where: date ? { date } : {}, order: { date: 'ASC' } });
  },
  year: async (_, args, ctx) => {
    const years = await planYears(ctx);
    const [first, last] = [years[0], years.at(-1)];
    if (first === undefined || last === undefined || !years.includes(args.year)) {
      throw badInput(`year: ${args.year} is outside the plan, which runs from ${first ?? '?'} to ${last ?? '?'}`, 'year');
    }
    return { year: args.year };
  },
  years: async (_, __, ctx) => (await planYears(ctx)).map((year) => ({ year })),
};
