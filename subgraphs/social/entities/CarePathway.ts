import { Entity, PrimaryColumn } from 'typeorm';

/** A person social services follow along a care pathway, known only by the pseudonym social and health share. */
@Entity('care_pathways')
export class CarePathway {
  /** `PX-` and 8 hex digits (shared/seeding.ts `pathwayPseudonym`); never a name. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  pseudonym: string;
}
