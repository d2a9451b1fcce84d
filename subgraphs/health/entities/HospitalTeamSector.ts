import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A sector (plan subgraph key) a mobile hospital team covers. */
@Entity('hospital_team_sectors')
export class HospitalTeamSector {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  teamId: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sectorCode: string;
}
