import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `police_deployments`: shifts recorded, and their officers summed (officer-shifts), per sector and year; see ../rollups.ts. */
@Entity('police_deployment_counts')
export class PoliceDeploymentCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  /** Rows of `police_deployments`: a year shows in the series when it has one, even with no officer. */
  @Column({ type: 'int' })
  shifts: number;

  @Column({ type: 'int' })
  officerShifts: number;
}
