import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A therapeutic injunction ordered for an arrested consumer. */
@Entity('therapeutic_injunctions')
export class TherapeuticInjunction {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  orderedOn: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;
}
