import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One outing of a mobile hospital team in a sector on a day. */
@Entity('hospital_team_interventions')
export class HospitalTeamIntervention {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  teamId: string;

  /** A Sector key (plan subgraph). */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Index()
  @Column({ type: 'date' })
  performedOn: string;
}
