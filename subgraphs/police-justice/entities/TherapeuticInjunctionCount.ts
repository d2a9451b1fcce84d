import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `therapeutic_injunctions`: injunctions per sector and year; see ../rollups.ts. */
@Entity('therapeutic_injunction_counts')
export class TherapeuticInjunctionCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  injunctions: number;
}
