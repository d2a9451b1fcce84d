import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Monthly rollup of `ratp_station_incidents`: incidents and interruptions per station, calendar month
 * (its first day, of occurredAt in UTC) and kind, kept up to date on write; see ../rollups.ts. A summary
 * over a date range reads the whole months inside it here and only the days at its edges from
 * `ratp_station_incident_days`.
 */
@Entity('ratp_station_incident_months')
export class StationIncidentMonth {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  stationCode: string;

  @PrimaryColumn({ type: 'date' })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'int' })
  incidents: number;

  @Column({ type: 'int' })
  interruptions: number;
}
