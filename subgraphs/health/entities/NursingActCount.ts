import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `nursing_acts`: acts per reception site and year, which serves the plan-wide and per-site series; see ../rollups.ts. */
@Entity('nursing_act_counts')
export class NursingActCount {
  /** A ReceptionSite key (social subgraph). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  siteCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  acts: number;
}
