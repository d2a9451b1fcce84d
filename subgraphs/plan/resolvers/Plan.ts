import type { PlanContext } from '../context.js';
import { Partner, PlanStep } from '../entities/index.js';

export const Plan = {
  signatories: (_: unknown, __: unknown, ctx: PlanContext) =>
    ctx.db.getRepository(Partner).find({ where: { signatory: true }, order: { code: 'ASC' } }),
  steps: (_: unknown, __: unknown, ctx: PlanContext) => ctx.db.getRepository(PlanStep).find({ order: { number: 'ASC' } }),
};
