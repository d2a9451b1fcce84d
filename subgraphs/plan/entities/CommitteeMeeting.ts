import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const meetingKinds = ['STEERING_COMMITTEE', 'FOLLOW_UP_COMMITTEE'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

@Entity('committee_meetings')
export class CommitteeMeeting {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  kind: MeetingKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;
}
