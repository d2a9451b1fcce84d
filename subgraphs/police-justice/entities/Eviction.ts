import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Consumers evicted from a public place by the police. */
@Entity('evictions')
// Covers the sectors' summaries over a date range: read from the index alone, a sector's days in order.
@Index(['sectorCode', 'occurredAt', 'consumersEvicted', 'sceneReforming'])
export class Eviction {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Index()
  @Column({ type: 'datetime' })
  occurredAt: Date;

  @Column({ type: 'int' })
  consumersEvicted: number;

  /** Whether a consumption scene was re-forming there when the police evicted it. */
  @Column({ type: 'boolean' })
  sceneReforming: boolean;
}
