import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const pathwayAdmissionKinds = ['EMERGENCY', 'SCHEDULED', 'ASSESSMENT'] as const;
export type PathwayAdmissionKind = (typeof pathwayAdmissionKinds)[number];

/** An admission of a person on a care pathway to a care facility. */
@Entity('pathway_admissions')
@Index(['pseudonym', 'admittedOn'])
export class PathwayAdmission {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  pseudonym: string;

  @Column({ type: 'date' })
  admittedOn: string;

  /** A CareFacility id. */
  @Column({ type: 'varchar', length: 64 })
  facilityId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: PathwayAdmissionKind;

  /** Null while the person is still in care. */
  @Column({ type: 'date', nullable: true })
  dischargedOn: string | null;
}
