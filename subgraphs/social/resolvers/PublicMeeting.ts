import type { PublicMeeting as PublicMeetingRow } from '../entities/index.js';

export const PublicMeeting = {
  sector: (meeting: PublicMeetingRow) => ({ code: meeting.sectorCode }),
};
