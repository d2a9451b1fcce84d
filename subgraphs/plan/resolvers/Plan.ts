import { Partner, PlanStep } from '../entities/index.js';
import type { PlanResolvers } from '../generated/resolvers.js';

export const Plan: PlanResolvers = {
  signatories: (_, __, ctx) => ctx.db.getRepository(Partner).find({ where: { signatory: true }, order: { code: 'ASC' } }),
  steps: (_, __, ctx) => ctx.db.getRepository(PlanStep).find({ order: { number: 'ASC' } }),
};
