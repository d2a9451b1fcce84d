import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanAxis } from './PlanAction.js';

/** An axis a step gives priority to; rank 1 comes first. */
@Entity('step_priorities')
export class StepPriority {
  @PrimaryColumn({ type: 'int' })
  stepNumber: number;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  axis: PlanAxis;

  @Column({ type: 'int' })
  rank: number;
}
