import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const receptionSiteKinds = ['REST_SPACE', 'DAY_RECEPTION', 'NIGHT_SHELTER'] as const;
export type ReceptionSiteKind = (typeof receptionSiteKinds)[number];

@Entity('reception_sites')
export class ReceptionSite {
  /** Stable code, e.g. `porte-de-la-chapelle-rest-space`; health refers to it. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ReceptionSiteKind;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Column({ type: 'varchar', length: 32 })
  operatorPartnerCode: string;

  /** Partner codes of the funders, e.g. "ars-idf,ville-paris". */
  @Column({ type: 'simple-array' })
  funderPartnerCodes: string[];
}
