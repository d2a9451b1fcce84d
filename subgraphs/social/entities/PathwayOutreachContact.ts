import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const pathwayContactKinds = ['FIRST_CONTACT', 'FOLLOW_UP', 'ORIENTATION'] as const;
export type PathwayContactKind = (typeof pathwayContactKinds)[number];

/** A contact an outreach team made with a person on a care pathway. Kept apart from `outreach_rounds.contactsMade`, which the figures count. */
@Entity('pathway_outreach_contacts')
@Index(['pseudonym', 'date'])
@Index(['sectorCode', 'pseudonym'])
export class PathwayOutreachContact {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  pseudonym: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  /** The OutreachRound the contact was made in; null when no round ran that day in the sector. */
  @Column({ type: 'varchar', length: 96, nullable: true })
  roundId: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: PathwayContactKind;
}
