import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const roundSlots = ['MORNING', 'EVENING'] as const;
export type RoundSlot = (typeof roundSlots)[number];

/** RATP's record of an underground outreach round (owned by the social subgraph) that its agents joined. */
@Entity('ratp_joint_patrols')
export class RatpJointPatrol {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  /** Key of social's OutreachRound: `<YYYY-MM-DD>-<MORNING|EVENING>-UNDERGROUND-<sectorCode>`. */
  @Index()
  @Column({ type: 'varchar', length: 120 })
  outreachRoundId: string;

  /** The round's date, kept as a column so that date filters and yearly counts stay in SQL. */
  @Index()
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  slot: RoundSlot;

  /** The station where RATP agents met the outreach team. */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  stationCode: string;

  @Column({ type: 'int' })
  ratpAgents: number;
}
