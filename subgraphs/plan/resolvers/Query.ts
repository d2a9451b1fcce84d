import { Between, LessThanOrEqual, MoreThanOrEqual, type FindOperator } from 'typeorm';
import { badInput, dateRange, unknownCode, type DateRange } from '../../shared/arguments.js';
import type { PlanContext } from '../context.js';
import { CommitteeMeeting, Partner, Plan, PlanStep, Sector } from '../entities/index.js';

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

export const Query = {
  plan: (_: unknown, __: unknown, ctx: PlanContext) => ctx.db.getRepository(Plan).findOneByOrFail({ code: PLAN_CODE }),
  partners: (_: unknown, __: unknown, ctx: PlanContext) => ctx.db.getRepository(Partner).find({ order: { code: 'ASC' } }),
  partner: (_: unknown, args: { code: string }, ctx: PlanContext) => ctx.loaders.partner.load(args.code),
  sectors: (_: unknown, __: unknown, ctx: PlanContext) => ctx.db.getRepository(Sector).find({ order: { code: 'ASC' } }),
  sector: async (_: unknown, args: { code: string }, ctx: PlanContext) => {
    const sector = await ctx.loaders.sector.load(args.code);
    if (sector !== null) return sector;
    // Only on a miss: the valid codes, read from the plan's own table.
    const codes = await ctx.db.getRepository(Sector).find({ select: { code: true }, order: { code: 'ASC' } });
    throw unknownCode('sector', 'code', 'a sector of the plan', args.code, codes.map((row) => row.code));
  },
  planSteps: (_: unknown, __: unknown, ctx: PlanContext) => ctx.db.getRepository(PlanStep).find({ order: { number: 'ASC' } }),
  planStep: (_: unknown, args: { number: number }, ctx: PlanContext) => ctx.loaders.step.load(args.number),
  planAction: (_: unknown, args: { id: string }, ctx: PlanContext) => ctx.loaders.action.load(args.id),
  committeeMeetings: (_: unknown, args: { from?: string | null; to?: string | null }, ctx: PlanContext) => {
    const date = dateCondition(dateRange('committeeMeetings', args));
    return ctx.db.getRepository(CommitteeMeeting).find({ where: date ? { date } : {}, order: { date: 'ASC' } });
  },
  year: async (_: unknown, args: { year: number }, ctx: PlanContext) => {
    const years = await planYears(ctx);
    if (!years.includes(args.year)) {
      throw badInput(`year: ${args.year} is outside the plan, which runs from ${years[0]} to ${years.at(-1)}`, 'year');
    }
    return { year: args.year };
  },
  years: async (_: unknown, __: unknown, ctx: PlanContext) => (await planYears(ctx)).map((year) => ({ year })),
};
