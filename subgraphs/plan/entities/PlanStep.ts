import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('plan_steps')
export class PlanStep {
  @PrimaryColumn({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'int' })
  startYear: number;

  @Column({ type: 'int', nullable: true })
  endYear: number | null;
}
