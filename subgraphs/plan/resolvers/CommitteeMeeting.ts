import type { PlanContext } from '../context.js';
import type { CommitteeMeeting as CommitteeMeetingRow } from '../entities/index.js';

export const CommitteeMeeting = {
  attendees: async (meeting: CommitteeMeetingRow, _: unknown, ctx: PlanContext) => {
    const attendances = await ctx.loaders.attendeesByMeeting.load(meeting.id);
    return ctx.loaders.partner.loadMany(attendances.map((a) => a.partnerCode));
  },
};
