import type { ActionStatus } from '../entities/index.js';
import type { PlanStepResolvers } from '../generated/resolvers.js';

export const PlanStep: PlanStepResolvers = {
  priorities: async (step, _, ctx) => (await ctx.loaders.prioritiesByStep.load(step.number)).map((priority) => priority.axis),
  actions: async (step, args, ctx) =>
    (await ctx.loaders.actionsByStep.load(step.number)).filter(
      (action) => (!args.status || action.status === args.status) && (!args.axis || action.axis === args.axis),
    ),
  completion: async (step, _, ctx) => {
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
