import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A mobile hospital team that goes out to the consumers (action 1.03). */
@Entity('hospital_mobile_teams')
export class HospitalMobileTeam {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** A Partner key (plan subgraph). */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  operatorPartnerCode: string;

  /** A PlanAction key (plan subgraph). */
  @Index()
  @Column({ type: 'varchar', length: 16, nullable: true })
  planActionId: string | null;
}
