import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A prison sentence pronounced in a prosecutable case, with the bans that go with it. */
@Entity('sentences')
export class Sentence {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  caseId: string;

  @Index()
  @Column({ type: 'date' })
  pronouncedOn: string;

  @Column({ type: 'int' })
  prisonMonths: number;

  /** "Interdiction de paraître": banned from the area. */
  @Column({ type: 'boolean' })
  areaBan: boolean;

  /** "Interdiction du territoire français": banned from French territory. */
  @Column({ type: 'boolean' })
  territoryBan: boolean;
}
