import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One trafficker escorted to the border; only a pseudonymous reference, never a name. */
@Entity('deportations')
export class Deportation {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  reference: string;
}
