import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One rights-access act (help with papers, health cover, benefits) performed at a site. */
@Entity('rights_access_acts')
@Index(['siteCode', 'performedOn'])
export class RightsAccessAct {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  siteCode: string;

  @Index()
  @Column({ type: 'date' })
  performedOn: string;
}
