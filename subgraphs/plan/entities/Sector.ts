import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('sectors')
export class Sector {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Comma-separated arrondissement numbers, e.g. "18,19". */
  @Column({ type: 'simple-array' })
  arrondissements: string[];
}
