import type { PlanContext } from '../context.js';

export const Year = {
  __resolveReference: (reference: { year: number }) => ({ year: reference.year }),
  committeeMeetings: (year: { year: number }, _: unknown, ctx: PlanContext) => ctx.loaders.meetingsByYear.load(year.year),
  // The same batch as committeeMeetings: one statement for both.
  steeringCommittees: async (year: { year: number }, _: unknown, ctx: PlanContext) =>
    (await ctx.loaders.meetingsByYear.load(year.year)).filter((meeting) => meeting.kind === 'STEERING_COMMITTEE'),
};
