import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `ratp_joint_patrols`: patrols per station and year; see ../rollups.ts. */
@Entity('ratp_joint_patrol_counts')
export class RatpJointPatrolCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  stationCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  patrols: number;
}
