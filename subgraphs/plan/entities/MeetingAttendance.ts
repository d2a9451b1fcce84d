import { Entity, PrimaryColumn } from 'typeorm';

@Entity('meeting_attendances')
export class MeetingAttendance {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  meetingId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  partnerCode: string;
}
