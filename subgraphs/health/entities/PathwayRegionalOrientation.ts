import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const pathwayOrientationOutcomes = ['ADMITTED', 'DECLINED', 'PENDING'] as const;
export type PathwayOrientationOutcome = (typeof pathwayOrientationOutcomes)[number];

/**
 * An orientation of a person on a care pathway towards care outside Île-de-France. Kept apart from
 * `regional_admissions`, whose rows the communiqué's count of admissions comes from.
 */
@Entity('pathway_regional_orientations')
@Index(['pseudonym', 'orientedOn'])
export class PathwayRegionalOrientation {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  pseudonym: string;

  @Column({ type: 'date' })
  orientedOn: string;

  /** The region outside Île-de-France, e.g. "Bretagne". */
  @Column({ type: 'varchar', length: 100 })
  region: string;

  @Column({ type: 'varchar', length: 32 })
  outcome: PathwayOrientationOutcome;
}
