import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const incidentKinds = ['CONSUMPTION', 'DEALING', 'AGGRESSION', 'NUISANCE', 'MEDICAL'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** An incident RATP recorded in a station. */
@Entity('ratp_station_incidents')
// Covers the stations' and sectors' incident counts by kind over a date range: read from the index alone.
@Index(['stationCode', 'occurredAt', 'kind', 'trainTrafficInterrupted'])
export class StationIncident {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  stationCode: string;

  @Index()
  @Column({ type: 'datetime' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 32 })
  kind: IncidentKind;

  @Column({ type: 'boolean' })
  trainTrafficInterrupted: boolean;
}
