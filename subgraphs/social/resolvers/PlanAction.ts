import { dateRange } from '../../shared/arguments.js';
import type { SocialContext } from '../context.js';
import type { ReportSummaryParent } from './ResidentReportSummary.js';

type PlanActionRef = { readonly id: string };

export const PlanAction = {
  // Plan owns actions: social only adds the reports answered under them.
  __resolveReference: (reference: PlanActionRef) => reference,
  residentReports: async (action: PlanActionRef, args: { from?: string | null; to?: string | null }, ctx: SocialContext): Promise<ReportSummaryParent> => {
    const range = dateRange('residentReports', args);
    return { ...(await ctx.loaders.reports.load({ ...range, scope: 'planActionId' }, action.id)), ...range };
  },
};
