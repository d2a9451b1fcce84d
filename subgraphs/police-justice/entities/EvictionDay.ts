import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Daily rollup of `evictions`: per sector and day (of occurredAt, UTC), the evictions, the consumers
 * evicted and the re-forming scenes ended, so that a summary over a date range reads sectors × days
 * rows, not every eviction. No mutation writes evictions: the seed and the migration fill it.
 */
@Entity('eviction_days')
export class EvictionDay {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  evictions: number;

  @Column({ type: 'int' })
  consumersEvicted: number;

  @Column({ type: 'int' })
  reformingScenesEnded: number;
}
