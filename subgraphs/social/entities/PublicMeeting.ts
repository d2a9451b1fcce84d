import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const publicMeetingAudiences = ['RESIDENTS', 'SHOPKEEPERS', 'RESIDENTS_AND_SHOPKEEPERS'] as const;
export type PublicMeetingAudience = (typeof publicMeetingAudiences)[number];

/** A public meeting with the people of a district touched by crack use. */
@Entity('public_meetings')
export class PublicMeeting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  date: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  audience: PublicMeetingAudience;
}
