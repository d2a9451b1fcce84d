import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const planAxes = ['CALM_PUBLIC_SPACE', 'JUDICIAL_RESPONSE', 'CARE_PATHWAY', 'SOCIAL_PATHWAY', 'RESIDENT_DIALOGUE'] as const;
export type PlanAxis = (typeof planAxes)[number];
export const actionStatuses = ['DONE', 'PARTIALLY_DONE', 'NOT_DONE', 'IN_PROGRESS', 'PLANNED'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

@Entity('plan_actions')
export class PlanAction {
  /** `<step>.<number>`, e.g. `1.07`. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id: string;

  @Index()
  @Column({ type: 'int' })
  stepNumber: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  axis: PlanAxis;

  @Column({ type: 'varchar', length: 32 })
  status: ActionStatus;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  leadPartnerCode: string;
}
