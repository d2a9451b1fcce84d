import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `police_operations`: operations per sector and year, kept up to date on write (see ../rollups.ts). */
@Entity('police_operation_counts')
export class PoliceOperationCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  operations: number;
}
