import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const policeOperationKinds = ['DISMANTLING', 'CLEARANCE', 'SEARCH', 'ARREST'] as const;
export type PoliceOperationKind = (typeof policeOperationKinds)[number];

/** A police operation on one sector on one day, e.g. the dismantling of the Forceval scene. */
@Entity('police_operations')
// The sectors' operations over a date range, in date order.
@Index(['sectorCode', 'date'])
export class PoliceOperation {
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  date: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Column({ type: 'varchar', length: 32 })
  kind: PoliceOperationKind;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Column({ type: 'varchar', length: 32 })
  leadPartnerCode: string;
}
