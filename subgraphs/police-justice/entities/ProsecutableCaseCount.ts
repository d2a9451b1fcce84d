import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `prosecutable_cases`: cases, and those sent to immediate appearance, per sector and year; see ../rollups.ts. */
@Entity('prosecutable_case_counts')
export class ProsecutableCaseCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  cases: number;

  @Column({ type: 'int' })
  immediateAppearances: number;
}
