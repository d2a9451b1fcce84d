import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A line stops at a station. */
@Entity('ratp_station_lines')
export class StationLine {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  stationCode: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 16 })
  lineCode: string;
}
