import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup of `evictions`: evictions and consumers evicted per sector and year (of occurredAt, UTC); see ../rollups.ts. */
@Entity('eviction_counts')
export class EvictionCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  evictions: number;

  @Column({ type: 'int' })
  consumersEvicted: number;
}
