import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Rollup of `ratp_station_incidents`: incidents, and those that interrupted train traffic, per
 * station and year (of occurredAt, UTC), kept up to date on write; see ../rollups.ts. Per station,
 * as the detail rows are: a sector's figure joins the stations, as it does over the detail rows.
 */
@Entity('ratp_station_incident_counts')
export class StationIncidentCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  stationCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  incidents: number;

  @Column({ type: 'int' })
  interruptions: number;
}
