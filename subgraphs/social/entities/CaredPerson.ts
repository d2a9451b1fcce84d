import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const caredPersonSexes = ['FEMALE', 'MALE', 'UNDISCLOSED'] as const;
export type CaredPersonSex = (typeof caredPersonSexes)[number];

/** A person the site took in charge during a year, under a pseudonym (one row per person and year). */
@Entity('cared_people')
@Index(['siteCode', 'year'])
@Index(['siteCode', 'year', 'pseudonym'], { unique: true })
export class CaredPerson {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  siteCode: string;

  @Index()
  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 32 })
  pseudonym: string;

  @Column({ type: 'varchar', length: 32 })
  sex: CaredPersonSex;
}
