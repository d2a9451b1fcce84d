import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const careFacilityKinds = [
  'SUPPORTED_HOTEL_HOUSING',
  'HOSPITAL_ADDICTION_BEDS',
  'HOSPITAL_PSYCHIATRY_BEDS',
  'ASSESSMENT_UNIT',
  'CURE',
  'POST_CURE',
] as const;
export type CareFacilityKind = (typeof careFacilityKinds)[number];
export const careSpecialties = ['SOMATIC', 'PSYCHIATRIC', 'ADDICTION'] as const;
export type CareSpecialty = (typeof careSpecialties)[number];

/** A place where the plan's public is housed or cared for: ASSORE hotels, hospital beds, the Sainte-Anne unit. */
@Entity('care_facilities')
export class CareFacility {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  kind: CareFacilityKind;

  /** The care the facility gives, e.g. "SOMATIC,PSYCHIATRIC,ADDICTION" for a mixed unit. */
  @Column({ type: 'simple-array' })
  specialties: CareSpecialty[];

  /** A Partner key (plan subgraph): `ars-idf`, `ap-hp` or `ghu-paris`. */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  operatorPartnerCode: string;

  /** A Sector key (plan subgraph), null when the facility lies outside the plan's sectors. */
  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  sectorCode: string | null;

  /** A PlanAction key (plan subgraph). */
  @Index()
  @Column({ type: 'varchar', length: 16, nullable: true })
  planActionId: string | null;

  /** For an assessment unit: how fast it takes people in and assesses them, in hours. */
  @Column({ type: 'int', nullable: true })
  assessmentWindowMinHours: number | null;

  @Column({ type: 'int', nullable: true })
  assessmentWindowMaxHours: number | null;
}
