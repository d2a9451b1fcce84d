import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const judicialProcedures = ['IMMEDIATE_APPEARANCE', 'SUMMONS', 'JUDICIAL_INVESTIGATION', 'OTHER'] as const;
export type JudicialProcedure = (typeof judicialProcedures)[number];

/** A case the Parquet de Paris could prosecute ("affaire poursuivable"), with the procedure it chose. */
@Entity('prosecutable_cases')
export class ProsecutableCase {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index()
  @Column({ type: 'date' })
  registeredOn: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  /** Not `procedure`: a reserved word in MySQL. */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  procedureKind: JudicialProcedure;
}
