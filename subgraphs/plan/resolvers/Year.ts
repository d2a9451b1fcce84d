import type { YearResolvers } from '../generated/resolvers.js';

export const Year: YearResolvers = {
  __resolveReference: (reference) => ({ year: reference.year }),
  committeeMeetings: (year, _, ctx) => ctx.loaders.meetingsByYear.load(year.year),
  // The same batch as committeeMeetings: one statement for both.
  steeringCommittees: async (year, _, ctx) =>
    (await ctx.loaders.meetingsByYear.load(year.year)).filter((meeting) => meeting.kind === 'STEERING_COMMITTEE'),
};
