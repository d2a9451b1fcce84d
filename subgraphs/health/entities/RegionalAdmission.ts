import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One person admitted to care outside Île-de-France through the regional scheme the ARS coordinates. */
@Entity('regional_admissions')
export class RegionalAdmission {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  /** Pseudonymous: the person's name never leaves the ARS. */
  @Column({ type: 'varchar', length: 32 })
  personReference: string;

  @Index()
  @Column({ type: 'date' })
  admittedOn: string;

  /** The region outside Île-de-France, e.g. "Bretagne". */
  @Index()
  @Column({ type: 'varchar', length: 100 })
  region: string;

  /** Where the person was admitted, e.g. a post-cure centre. */
  @Column({ type: 'varchar', length: 200 })
  destination: string;
}
