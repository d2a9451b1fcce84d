import { Column, Entity, PrimaryColumn } from 'typeorm';

export const hospitalStaffRoles = [
  'NURSE',
  'PSYCHOLOGIST',
  'PSYCHIATRIST',
  'ADDICTOLOGIST',
  'GENERAL_PRACTITIONER',
  'SOCIAL_WORKER',
] as const;
export type HospitalStaffRole = (typeof hospitalStaffRoles)[number];

/** How many staff of one role a mobile hospital team has. */
@Entity('hospital_team_staff_counts')
export class HospitalTeamStaffCount {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  teamId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role: HospitalStaffRole;

  @Column({ type: 'int' })
  count: number;
}
