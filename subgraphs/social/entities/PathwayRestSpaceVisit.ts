import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A visit of a person on a care pathway to a reception site. Kept apart from `site_attendances`, which the figures count. */
@Entity('pathway_rest_space_visits')
@Index(['pseudonym', 'date'])
export class PathwayRestSpaceVisit {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  pseudonym: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 64 })
  siteCode: string;
}
