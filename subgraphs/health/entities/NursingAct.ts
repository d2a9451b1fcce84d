import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One nursing act performed by health staff at a reception site (a ReceptionSite key, social subgraph). */
@Entity('nursing_acts')
export class NursingAct {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  siteCode: string;

  @Index()
  @Column({ type: 'date' })
  performedOn: string;
}
