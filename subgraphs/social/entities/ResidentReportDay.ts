import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of `resident_reports`: per sector, day received (UTC), reporter kind and plan action,
 * the reports received, those handled and their handling minutes summed, all counted on the day the
 * report was received (as the summaries count them); kept up to date on write, see ../rollups.ts.
 */
@Entity('resident_report_days')
export class ResidentReportDay {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  reporterKind: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  planActionId: string;

  @Column({ type: 'int' })
  received: number;

  @Column({ type: 'int' })
  handled: number;

  /** Minutes from reception to answer, summed over the handled reports. */
  @Column({ type: 'int' })
  handlingMinutes: number;
}
