import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const incidentKinds = ['CONSUMPTION', 'DEALING', 'AGGRESSION', 'NUISANCE', 'MEDICAL'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** An incident RATP recorded in a station. */
@Entity('ratp_station_incidents')
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
