import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The visits (passages) a reception site recorded on one day. */
@Entity('site_attendances')
@Index(['date'])
export class SiteAttendance {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  siteCode: string;

  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'int' })
  visits: number;
}
