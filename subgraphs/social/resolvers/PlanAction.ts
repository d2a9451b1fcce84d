import { dateRange } from '../../shared/arguments.js';
import type { PlanActionResolvers } from '../generated/resolvers.js';

export const PlanAction: PlanActionResolvers = {
  // Plan owns actions: social only adds the reports answered under them.
  __resolveReference: (reference) => reference,
  residentReports: async (action, args, ctx) => {
    const range = dateRange('residentReports', args);
    return { ...(await ctx.loaders.reports.load({ ...range, scope: 'planActionId' }, action.id)), ...range };
  },
};
