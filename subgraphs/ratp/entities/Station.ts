import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A metro or RER station in one of the plan's sectors. */
@Entity('ratp_stations')
export class Station {
  /** e.g. `stalingrad`, `marx-dormoy`. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Key of the plan's Sector. */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;
}
