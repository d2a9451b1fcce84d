import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of `outreach_rounds`: rounds and contacts per sector, day, slot and level, kept up to
 * date on write (see ../rollups.ts). Reinforcement rounds make several rounds share a key, so
 * coverage over a date range reads at most days × sectors × 4 rows here, not every round.
 */
@Entity('outreach_round_days')
export class OutreachRoundDay {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  slot: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  level: string;

  @Column({ type: 'int' })
  rounds: number;

  @Column({ type: 'int' })
  contactsMade: number;
}
