import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const outreachSlots = ['MORNING', 'EVENING'] as const;
export type OutreachSlot = (typeof outreachSlots)[number];
export const outreachLevels = ['SURFACE', 'UNDERGROUND'] as const;
export type OutreachLevel = (typeof outreachLevels)[number];

/** One outreach round (maraude): a date, a slot, above or below ground, in one sector. */
@Entity('outreach_rounds')
// Covers the sectors' coverage over a date range (days, slots, levels, contacts): read from the index alone.
@Index(['sectorCode', 'date', 'slot', 'level', 'contactsMade'])
export class OutreachRound {
  /** `<YYYY-MM-DD>-<SLOT>-<LEVEL>-<sectorCode>`, deterministic so other subgraphs can store it. */
  @PrimaryColumn({ type: 'varchar', length: 96 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  slot: OutreachSlot;

  @Column({ type: 'varchar', length: 32 })
  level: OutreachLevel;

  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  /** The association that ran the round. */
  @Column({ type: 'varchar', length: 120 })
  operator: string;

  @Column({ type: 'int' })
  contactsMade: number;
}
