import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of `hospital_team_interventions`: outings per sector and day, which the series by
 * period read (every team together: the series are plan-wide or per sector); see ../rollups.ts. Two
 * years of six sectors are 4,400 rows here instead of 350,000 interventions at 1M rows.
 */
@Entity('hospital_team_intervention_days')
export class HospitalTeamInterventionDay {
  /** A Sector key (plan subgraph). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  interventions: number;
}
