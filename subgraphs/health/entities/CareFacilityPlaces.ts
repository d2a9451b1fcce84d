import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The places a facility dedicates to the plan's public in one calendar year. */
@Entity('care_facility_places')
export class CareFacilityPlaces {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  facilityId: string;

  @Index()
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  places: number;
}
