import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A stay of a person on a care pathway in ASSORE supported hotel housing. Kept apart from the places the figures count. */
@Entity('pathway_housings')
@Index(['pseudonym', 'startedOn'])
export class PathwayHousing {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  pseudonym: string;

  @Column({ type: 'date' })
  startedOn: string;

  /** Null while the person is still housed. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  /** A CareFacility id, of kind SUPPORTED_HOTEL_HOUSING. */
  @Column({ type: 'varchar', length: 64 })
  facilityId: string;
}
