import type { DataSource } from 'typeorm';
import {
  daysBetween,
  drawDates,
  insertChunks,
  intBetween,
  mulberry32,
  PATHWAY_COUNT,
  pathwayPeriod,
  pathwayPseudonym,
  pick,
  shuffle,
} from '../shared/seeding.js';
import { addDays } from '../shared/sql.js';
import type { SeedOptions } from '../shared/subgraph.js';
import {
  CareEvaluation,
  CareFacility,
  CareFacilityPlaces,
  CarePathway,
  HospitalMobileTeam,
  HospitalTeamIntervention,
  HospitalTeamSector,
  HospitalTeamStaffCount,
  NursingAct,
  PathwayAdmission,
  PathwayHousing,
  PathwayRegionalOrientation,
  RegionalAdmission,
  pathwayAdmissionKinds,
  type CareFacilityKind,
  type HospitalStaffRole,
  type PathwayAdmissionKind,
  type PathwayOrientationOutcome,
} from './entities/index.js';
import { rebuildRollups } from './rollups.js';

/**
 * Health data as the communiqué of 30 November 2023 gives it: ASSORE places (610 in 2023, 203 in
 * 2019: "three times"), the INSERM/HCL evaluation (−87 % consumption, 19 % stopped), the Sainte-Anne
 * 24/48 h unit, 71 regional admissions in 11 regions by 31 October 2023, mobile teams with nurses,
 * psychologists and psychiatrists, and the nursing acts at the Porte de la Chapelle rest space
 * (1,450 in 2022, 3,050 in 2023). Everything else is synthetic and says so.
 */

export const REST_SPACE = 'porte-de-la-chapelle-rest-space';

const facilities: readonly CareFacility[] = [
  // The ASSORE scheme is one programme; its split across three départements is synthetic.
  ...(
    [
      ['assore-paris', 'ASSORE — hôtels à Paris'],
      ['assore-seine-saint-denis', 'ASSORE — hôtels en Seine-Saint-Denis'],
      ['assore-val-de-marne', 'ASSORE — hôtels dans le Val-de-Marne'],
    ] as const
  ).map(([id, name]): CareFacility => ({
    id,
    name,
    kind: 'SUPPORTED_HOTEL_HOUSING',
    specialties: ['SOMATIC', 'ADDICTION'],
    operatorPartnerCode: 'ars-idf',
    sectorCode: null,
    planActionId: '1.02',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  })),
  // The hospitals are real; the sector each is attached to (the nearest) is synthetic.
  {
    id: 'lariboisiere-addictologie',
    name: 'Hôpital Lariboisière – Fernand-Widal, addictologie',
    kind: 'HOSPITAL_ADDICTION_BEDS',
    specialties: ['ADDICTION'],
    operatorPartnerCode: 'ap-hp',
    sectorCode: 'stalingrad',
    planActionId: '1.05',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
  {
    id: 'bichat-addictologie',
    name: 'Hôpital Bichat – Claude-Bernard, addictologie',
    kind: 'HOSPITAL_ADDICTION_BEDS',
    specialties: ['ADDICTION'],
    operatorPartnerCode: 'ap-hp',
    sectorCode: 'porte-de-la-chapelle',
    planActionId: '1.05',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
  {
    id: 'ghu-psychiatrie-paris-18',
    name: 'GHU Paris, psychiatrie Paris 18e',
    kind: 'HOSPITAL_PSYCHIATRY_BEDS',
    specialties: ['PSYCHIATRIC'],
    operatorPartnerCode: 'ghu-paris',
    sectorCode: 'eole',
    planActionId: '1.06',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
  {
    id: 'ghu-psychiatrie-paris-19',
    name: 'GHU Paris, psychiatrie Paris 19e',
    kind: 'HOSPITAL_PSYCHIATRY_BEDS',
    specialties: ['PSYCHIATRIC'],
    operatorPartnerCode: 'ghu-paris',
    sectorCode: 'rosa-parks',
    planActionId: '1.06',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
  // From the communiqué: the 24/48 h mixed assessment and orientation unit at Sainte-Anne (14e, outside the sectors).
  {
    id: 'sainte-anne-assessment-unit',
    name: 'Unité d’évaluation et d’orientation 24/48 h — GHU-PPN Hôpital Sainte-Anne',
    kind: 'ASSESSMENT_UNIT',
    specialties: ['SOMATIC', 'PSYCHIATRIC', 'ADDICTION'],
    operatorPartnerCode: 'ghu-paris',
    sectorCode: null,
    planActionId: '1.07',
    assessmentWindowMinHours: 24,
    assessmentWindowMaxHours: 48,
  },
  // Synthetic: cure and post-cure places, which step 2 (action 2.07) is to increase.
  {
    id: 'cure-addictologie-idf',
    name: 'Places de cure en addictologie, Île-de-France',
    kind: 'CURE',
    specialties: ['SOMATIC', 'ADDICTION'],
    operatorPartnerCode: 'ars-idf',
    sectorCode: null,
    planActionId: '2.07',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
  {
    id: 'post-cure-idf',
    name: 'Places de postcure, Île-de-France',
    kind: 'POST_CURE',
    specialties: ['ADDICTION'],
    operatorPartnerCode: 'ars-idf',
    sectorCode: null,
    planActionId: '2.07',
    assessmentWindowMinHours: null,
    assessmentWindowMaxHours: null,
  },
];

/** Places per facility, 2019 to 2023. ASSORE sums to 203, 330, 420, 520, 610 (communiqué for 2023 and "three times" 2019; the years between are synthetic). */
const places: Readonly<Record<string, readonly (number | null)[]>> = {
  'assore-paris': [120, 190, 240, 290, 330],
  'assore-seine-saint-denis': [58, 95, 120, 150, 180],
  'assore-val-de-marne': [25, 45, 60, 80, 100],
  // Synthetic, rising every year as the communiqué says: addiction 20 → 64, psychiatry 10 → 40.
  'lariboisiere-addictologie': [12, 16, 22, 28, 36],
  'bichat-addictologie': [8, 12, 16, 22, 28],
  'ghu-psychiatrie-paris-18': [6, 10, 12, 16, 22],
  'ghu-psychiatrie-paris-19': [4, 6, 10, 14, 18],
  // Synthetic: the unit opens in 2022; cure and post-cure from 2021.
  'sainte-anne-assessment-unit': [null, null, null, 6, 8],
  'cure-addictologie-idf': [null, null, 10, 14, 24],
  'post-cure-idf': [null, null, 6, 10, 18],
};

/** 71 admissions in 11 regions by 31 October 2023 (communiqué); the split between regions is synthetic. */
const admissionsByRegion: readonly [string, number][] = [
  ['Bretagne', 9],
  ['Normandie', 8],
  ['Hauts-de-France', 8],
  ['Grand Est', 7],
  ['Centre-Val de Loire', 7],
  ['Nouvelle-Aquitaine', 7],
  ['Bourgogne-Franche-Comté', 6],
  ['Pays de la Loire', 6],
  ['Occitanie', 5],
  ['Auvergne-Rhône-Alpes', 5],
  ["Provence-Alpes-Côte d'Azur", 3],
];
/** Synthetic: admissions in November 2023, after the communiqué's count. */
const novemberAdmissions: readonly string[] = ['Bretagne', 'Normandie', 'Grand Est', 'Occitanie', 'Pays de la Loire'];
const destinations = ['Centre de postcure', 'Soins de suite et de réadaptation en addictologie', 'Communauté thérapeutique'];

/** Synthetic teams; the communiqué only says they have nurses, psychologists and psychiatrists. */
const teams: readonly [HospitalMobileTeam, readonly string[], readonly [HospitalStaffRole, number][]][] = [
  [
    { id: 'emh-aphp-paris-nord', name: 'Équipe mobile hospitalière AP-HP Paris Nord', operatorPartnerCode: 'ap-hp', planActionId: '1.03' },
    ['eole', 'porte-de-la-chapelle', 'rosa-parks'],
    [
      ['NURSE', 4],
      ['PSYCHOLOGIST', 1],
      ['PSYCHIATRIST', 1],
      ['ADDICTOLOGIST', 1],
    ],
  ],
  [
    {
      id: 'emh-ghu-paris-est',
      name: 'Équipe mobile psychiatrie précarité GHU Paris Est',
      operatorPartnerCode: 'ghu-paris',
      planActionId: '1.03',
    },
    ['canal-ourcq', 'forceval', 'rosa-parks', 'stalingrad'],
    [
      ['NURSE', 3],
      ['PSYCHOLOGIST', 2],
      ['PSYCHIATRIST', 1],
      ['SOCIAL_WORKER', 1],
    ],
  ],
  [
    {
      id: 'emh-aphp-addictologie',
      name: 'Équipe mobile d’addictologie AP-HP Lariboisière',
      operatorPartnerCode: 'ap-hp',
      planActionId: '1.03',
    },
    ['eole', 'stalingrad'],
    [
      ['NURSE', 2],
      ['ADDICTOLOGIST', 1],
      ['GENERAL_PRACTITIONER', 1],
    ],
  ],
];

/** The Forceval scene was dismantled on 5 October 2022: no outings there after it. */
const FORCEVAL_DISMANTLED = '2022-10-05';

/** The facilities each kind of pathway admission goes to, and the shortest and longest stay in days (Sainte-Anne assesses within 24 to 48 h). */
const admissionRules: Record<
  PathwayAdmissionKind,
  { readonly facilityKinds: readonly CareFacilityKind[]; readonly stayDays: readonly [number, number] }
> = {
  EMERGENCY: { facilityKinds: ['HOSPITAL_ADDICTION_BEDS', 'HOSPITAL_PSYCHIATRY_BEDS'], stayDays: [1, 10] },
  SCHEDULED: { facilityKinds: ['HOSPITAL_ADDICTION_BEDS', 'CURE', 'POST_CURE'], stayDays: [14, 60] },
  ASSESSMENT: { facilityKinds: ['ASSESSMENT_UNIT'], stayDays: [1, 2] },
};
const facilityIdsOf = (kinds: readonly CareFacilityKind[]): string[] => facilities.filter((f) => kinds.includes(f.kind)).map((f) => f.id);
/** The regional scheme runs since the end of 2022; orientations of December 2023 await the region's answer. */
const ORIENTATIONS_FROM = '2022-12-01';
const ORIENTATIONS_ANSWERED_TO = '2023-11-30';

interface CarePathwayRows {
  readonly pathways: CarePathway[];
  readonly admissions: PathwayAdmission[];
  readonly housing: PathwayHousing[];
  readonly orientations: PathwayRegionalOrientation[];
}

/**
 * Synthetic care pathways (shared/seeding.ts): health cares for about 60 % of the people social
 * meets. Each has up to three admissions, maybe an ASSORE stay and an orientation to another region,
 * and at least one of them; a stay still running on 31 December 2023 has no end. Their own PRNG and
 * tables, so that no row or figure above changes.
 */
function carePathways(): CarePathwayRows {
  const random = mulberry32(2022_12_01);
  const endOf = (start: string, days: number): string | null => {
    const end = addDays(start, days);
    return end <= pathwayPeriod.to ? end : null;
  };
  const days = daysBetween(pathwayPeriod.from, pathwayPeriod.to);
  const orientationDays = daysBetween(ORIENTATIONS_FROM, pathwayPeriod.to);
  const assoreIds = facilityIdsOf(['SUPPORTED_HOTEL_HOUSING']);
  const regions = admissionsByRegion.map(([region]) => region);
  const rows: CarePathwayRows = { pathways: [], admissions: [], housing: [], orientations: [] };
  const admit = (pseudonym: string, admittedOn: string, kind: PathwayAdmissionKind): string | null => {
    const { facilityKinds, stayDays } = admissionRules[kind];
    const facilityId = pick(random, facilityIdsOf(facilityKinds));
    const dischargedOn = endOf(admittedOn, intBetween(random, stayDays[0], stayDays[1]));
    rows.admissions.push({ id: rows.admissions.length + 1, pseudonym, admittedOn, facilityId, kind, dischargedOn });
    return dischargedOn;
  };
  for (let i = 1; i <= PATHWAY_COUNT; i++) {
    if (random() >= 0.6) continue;
    const pseudonym = pathwayPseudonym(i);
    rows.pathways.push({ pseudonym });
    // One stay at a time: an admission drawn during the previous stay starts the day after its discharge.
    let admitted = 0;
    let nextFree: string = pathwayPeriod.from;
    for (const drawn of drawDates(random, pathwayPeriod.from, pathwayPeriod.to, intBetween(random, 0, 3))) {
      const kind = pick(random, pathwayAdmissionKinds);
      const admittedOn = drawn > nextFree ? drawn : nextFree;
      if (admittedOn > pathwayPeriod.to) continue;
      const dischargedOn = admit(pseudonym, admittedOn, kind);
      admitted += 1;
      // Still in care at the end of the period: nothing after.
      nextFree = addDays(dischargedOn ?? pathwayPeriod.to, 1);
    }
    const housed = random() < 0.35;
    if (housed) {
      const startedOn = pick(random, days);
      rows.housing.push({
        id: rows.housing.length + 1,
        pseudonym,
        startedOn,
        endedOn: endOf(startedOn, intBetween(random, 60, 540)),
        facilityId: pick(random, assoreIds),
      });
    }
    const oriented = random() < 0.25;
    if (oriented) {
      const orientedOn = pick(random, orientationDays);
      const outcome: PathwayOrientationOutcome =
        orientedOn > ORIENTATIONS_ANSWERED_TO ? 'PENDING' : random() < 0.75 ? 'ADMITTED' : 'DECLINED';
      rows.orientations.push({ id: rows.orientations.length + 1, pseudonym, orientedOn, region: pick(random, regions), outcome });
    }
    // Health follows no one it has not seen: a pathway with nothing else starts with an assessment.
    if (admitted === 0 && !housed && !oriented) admit(pseudonym, pick(random, days), 'ASSESSMENT');
  }
  return rows;
}

export async function seed(db: DataSource, options: SeedOptions): Promise<void> {
  const random = mulberry32(20231130);

  const placeRows: CareFacilityPlaces[] = Object.entries(places).flatMap(([facilityId, perYear]) =>
    perYear.flatMap((count, i) => (count === null ? [] : [{ facilityId, year: 2019 + i, places: count }])),
  );

  const admissionDates = drawDates(random, '2022-12-01', '2023-10-31', 71);
  const regions = admissionsByRegion.flatMap(([region, count]) => Array.from({ length: count }, () => region));
  // Shuffle the regions over the dates, so that each region's admissions spread over the year.
  shuffle(random, regions);
  const admissionRows: RegionalAdmission[] = [
    ...admissionDates.map((admittedOn, i) => [admittedOn, regions[i] ?? ''] as const),
    ...drawDates(random, '2023-11-01', '2023-11-30', novemberAdmissions.length).map(
      (admittedOn, i) => [admittedOn, novemberAdmissions[i] ?? ''] as const,
    ),
  ].map(([admittedOn, region], i) => ({
    id: `ra-${String(i + 1).padStart(3, '0')}`,
    personReference: `ARS-${(((i + 1) * 7919) % 100000).toString(36).toUpperCase().padStart(4, '0')}`,
    admittedOn,
    region,
    destination: `${destinations[i % destinations.length] ?? ''} (${region})`,
  }));

  // Nursing acts: the yearly totals are the communiqué's; the days are synthetic.
  const nursingRows: Omit<NursingAct, 'id'>[] = [
    ...drawDates(random, '2022-01-01', '2022-12-31', 1450),
    ...drawDates(random, '2023-01-01', '2023-11-30', 3050),
  ].map((performedOn) => ({ siteCode: REST_SPACE, performedOn }));

  // Synthetic outings of the mobile teams: about 4 days in 10 per sector, `scale` times over.
  const interventionRows: Omit<HospitalTeamIntervention, 'id'>[] = [];
  for (const performedOn of daysBetween('2022-01-01', '2023-11-30')) {
    for (const [team, sectorCodes] of teams) {
      for (const sectorCode of sectorCodes) {
        if (sectorCode === 'forceval' && performedOn > FORCEVAL_DISMANTLED) continue;
        for (let n = 0; n < options.scale; n++) {
          if (random() < 0.4) interventionRows.push({ teamId: team.id, sectorCode, performedOn });
        }
      }
    }
  }

  const pathways = carePathways();
  await db.transaction(async (tx) => {
    await tx.insert(CareFacility, [...facilities]);
    await insertChunks(tx, CareFacilityPlaces, placeRows);
    await tx.insert(CareEvaluation, {
      id: 'assore-inserm-hcl-2022',
      title: 'Évaluation du dispositif d’hébergement accompagné ASSORE',
      evaluator: 'INSERM — Hospices Civils de Lyon',
      // November 2022 per the communiqué; the day is synthetic.
      publishedOn: '2022-11-15',
      facilityKind: 'SUPPORTED_HOTEL_HOUSING',
      cohortSize: 100,
      stoppedEntirelyCount: 19,
      meanConsumptionBefore: 15,
      meanConsumptionAfter: 1.95,
      consumptionUnit: 'uses per week',
    });
    await insertChunks(tx, RegionalAdmission, admissionRows);
    await tx.insert(
      HospitalMobileTeam,
      teams.map(([team]) => team),
    );
    await tx.insert(
      HospitalTeamSector,
      teams.flatMap(([team, sectorCodes]) => sectorCodes.map((sectorCode) => ({ teamId: team.id, sectorCode }))),
    );
    await tx.insert(
      HospitalTeamStaffCount,
      teams.flatMap(([team, , staff]) => staff.map(([role, count]) => ({ teamId: team.id, role, count }))),
    );
    await insertChunks(tx, NursingAct, nursingRows as NursingAct[]);
    await insertChunks(tx, HospitalTeamIntervention, interventionRows as HospitalTeamIntervention[]);
    await insertChunks(tx, CarePathway, pathways.pathways);
    await insertChunks(tx, PathwayAdmission, pathways.admissions);
    await insertChunks(tx, PathwayHousing, pathways.housing);
    await insertChunks(tx, PathwayRegionalOrientation, pathways.orientations);
    await rebuildRollups(tx);
  });
}
