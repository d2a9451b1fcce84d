import { Column, Entity, PrimaryColumn } from 'typeorm';

export const lineModes = ['METRO', 'RER'] as const;
export type LineMode = (typeof lineModes)[number];

/** A metro or RER line that serves a station of the plan's sectors. */
@Entity('ratp_lines')
export class RatpLine {
  /** e.g. `M2`, `M7B`, `RER-E`. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  mode: LineMode;

  @Column({ type: 'varchar', length: 200 })
  name: string;
}
