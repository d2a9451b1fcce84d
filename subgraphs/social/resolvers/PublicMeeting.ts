import type { PublicMeetingResolvers } from '../generated/resolvers.js';

export const PublicMeeting: PublicMeetingResolvers = {
  sector: (meeting) => ({ code: meeting.sectorCode }),
};
