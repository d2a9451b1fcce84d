import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `outreach_rounds`: rounds and the contacts they made per sector and year, kept up to date on write; see ../rollups.ts. */
@Entity('outreach_round_counts')
export class OutreachRoundCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  rounds: number;

  @Column({ type: 'int' })
  contactsMade: number;
}
