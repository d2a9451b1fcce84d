import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const receptionSiteEventKinds = ['OPENED', 'RENOVATED_AND_ENLARGED', 'HOURS_EXTENDED', 'CLOSED'] as const;
export type ReceptionSiteEventKind = (typeof receptionSiteEventKinds)[number];

/** A dated step in a reception site's history (opening, renovation...). */
@Entity('reception_site_events')
export class ReceptionSiteEvent {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  siteCode: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ReceptionSiteEventKind;

  @Column({ type: 'varchar', length: 300 })
  note: string;
}
