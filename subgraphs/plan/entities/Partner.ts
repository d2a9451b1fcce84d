import { Column, Entity, PrimaryColumn } from 'typeorm';

export const partnerKinds = ['STATE', 'POLICE', 'JUSTICE', 'LOCAL_AUTHORITY', 'HEALTH_AUTHORITY', 'HOSPITAL', 'TRANSPORT'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

@Entity('partners')
export class Partner {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: PartnerKind;

  @Column({ type: 'boolean' })
  signatory: boolean;
}
