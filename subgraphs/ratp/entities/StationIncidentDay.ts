import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of `ratp_station_incidents`: incidents and interruptions per station, day (of
 * occurredAt, UTC) and kind, kept up to date on write; see ../rollups.ts. A summary over a date
 * range reads stations × days × kinds rows, not every incident.
 */
@Entity('ratp_station_incident_days')
export class StationIncidentDay {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  stationCode: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'int' })
  incidents: number;

  @Column({ type: 'int' })
  interruptions: number;
}
