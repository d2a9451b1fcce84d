import type { PlanContext } from '../context.js';
import type { ActionStatus, PlanAxis, PlanStep as PlanStepRow } from '../entities/index.js';

export const PlanStep = {
  priorities: async (step: PlanStepRow, _: unknown, ctx: PlanContext) =>
    (await ctx.loaders.prioritiesByStep.load(step.number)).map((priority) => priority.axis),
  actions: async (step: PlanStepRow, args: { status?: ActionStatus | null; axis?: PlanAxis | null }, ctx: PlanContext) =>
    (await ctx.loaders.actionsByStep.load(step.number)).filter(
      (action) => (!args.status || action.status === args.status) && (!args.axis || action.axis === args.axis),
    ),
  completion: async (step: PlanStepRow, _: unknown, ctx: PlanContext) => {
    const counts = new Map((await ctx.loaders.statusCountsByStep.load(step.number)).map((row) => [row.status, row.count]));
    const count = (status: ActionStatus) => counts.get(status) ?? 0;
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const doneOrPartial = count('DONE') + count('PARTIALLY_DONE');
    return {
      total,
      done: count('DONE'),
      partiallyDone: count('PARTIALLY_DONE'),
      notDone: count('NOT_DONE'),
      inProgress: count('IN_PROGRESS'),
      planned: count('PLANNED'),
      doneOrPartiallyDonePercent: total === 0 ? 0 : Math.round((doneOrPartial / total) * 1000) / 10,
    };
  },
};
