import type { PlanContext } from '../context.js';

export const Year = {
  __resolveReference: (reference: { year: number }) => ({ year: reference.year }),
  committeeMeetings: (year: { year: number }, _: unknown, ctx: PlanContext) => ctx.loaders.meetingsByYear.load(year.year),
};
