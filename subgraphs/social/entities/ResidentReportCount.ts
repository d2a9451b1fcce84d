import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Rollup of `resident_reports`: reports per sector and year of reception (UTC), and how many of
 * them were answered (counted in the year the report was received), kept up to date on write; see ../rollups.ts.
 */
@Entity('resident_report_counts')
export class ResidentReportCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  reports: number;

  @Column({ type: 'int' })
  handled: number;
}
