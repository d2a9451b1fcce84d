import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `hospital_team_interventions`: outings per team, sector and year, which serves the plan-wide, per-sector and per-team series; see ../rollups.ts. */
@Entity('hospital_team_intervention_counts')
export class HospitalTeamInterventionCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  teamId: string;

  /** A Sector key (plan subgraph). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  interventions: number;
}
