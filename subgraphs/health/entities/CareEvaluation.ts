import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CareFacilityKind } from './CareFacility.js';

/** An independent evaluation of a care scheme: the measured data only; percentages are computed by the graph. */
@Entity('care_evaluations')
export class CareEvaluation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  evaluator: string;

  @Index()
  @Column({ type: 'date' })
  publishedOn: string;

  /** The kind of facility whose beneficiaries were followed, e.g. SUPPORTED_HOTEL_HOUSING (ASSORE). */
  @Column({ type: 'varchar', length: 32 })
  facilityKind: CareFacilityKind;

  @Column({ type: 'int' })
  cohortSize: number;

  /** Beneficiaries who stopped consuming entirely. */
  @Column({ type: 'int' })
  stoppedEntirelyCount: number;

  @Column({ type: 'float' })
  meanConsumptionBefore: number;

  @Column({ type: 'float' })
  meanConsumptionAfter: number;

  /** What the consumption means are counted in, e.g. "uses per week". */
  @Column({ type: 'varchar', length: 64 })
  consumptionUnit: string;
}
