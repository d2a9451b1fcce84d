import { loadAllReferenced } from '../../shared/loaders.js';
import type { CommitteeMeetingResolvers } from '../generated/resolvers.js';

export const CommitteeMeeting: CommitteeMeetingResolvers = {
  attendees: async (meeting, _, ctx) => {
    const attendances = await ctx.loaders.attendeesByMeeting.load(meeting.id);
    return loadAllReferenced(
      ctx.loaders.partner,
      attendances.map((a) => a.partnerCode),
      'partner',
    );
  },
};
