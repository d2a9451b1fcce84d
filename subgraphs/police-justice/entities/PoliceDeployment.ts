import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const policeShifts = ['DAY', 'NIGHT'] as const;
export type PoliceShift = (typeof policeShifts)[number];

/** Police officers and gendarmes deployed on one sector for one shift of one day. */
@Entity('police_deployments')
export class PoliceDeployment {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Index()
  @PrimaryColumn({ type: 'date' })
  deployedOn: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  shift: PoliceShift;

  /** Police officers and gendarmes on the shift. */
  @Column({ type: 'int' })
  officers: number;
}
