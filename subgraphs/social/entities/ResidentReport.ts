import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const residentReporterKinds = ['RESIDENT', 'SHOPKEEPER', 'DISTRICT_MAYOR'] as const;
export type ResidentReporterKind = (typeof residentReporterKinds)[number];

/** A report (signalement) sent by a resident, a shopkeeper or a district mayor, answered by a UASA mobile team. */
@Entity('resident_reports')
// Covers the sectors' report summaries over a date range: read from the index alone.
@Index(['sectorCode', 'receivedAt', 'reporterKind', 'handledAt'])
export class ResidentReport {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  reporterKind: ResidentReporterKind;

  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Index()
  @Column({ type: 'datetime' })
  receivedAt: Date;

  /** Null while no team has answered. */
  @Column({ type: 'datetime', nullable: true })
  handledAt: Date | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  handledByTeam: string | null;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  planActionId: string;
}
