import type { DataSource } from 'typeorm';
import { sectorCodes } from '../shared/sectors.js';
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
  spread,
  type Random,
} from '../shared/seeding.js';
import type { SeedOptions } from '../shared/subgraph.js';
import {
  CaredPerson,
  CarePathway,
  OutreachRound,
  PathwayOutreachContact,
  PathwayRestSpaceVisit,
  PublicMeeting,
  ReceptionSite,
  ReceptionSiteEvent,
  ResidentReport,
  RightsAccessAct,
  SiteAttendance,
  outreachLevels,
  outreachSlots,
  type CaredPersonSex,
  type OutreachLevel,
  type OutreachSlot,
  type PathwayContactKind,
  type ResidentReporterKind,
} from './entities/index.js';
import { REST_SPACE_CODE } from './loaders.js';
import { rebuildRollups } from './rollups.js';

/**
 * The communiqué of 30 November 2023 gives, for the Porte de la Chapelle rest space: 36,741 visits
 * in 2023 (+5,500 on 2022), about 150 users a day in the space renovated and enlarged in October
 * 2023, 3,565 people cared for (+1,000) of whom 380 women (+130), 1,000 rights-access acts; the
 * outreach rounds 7 days a week, twice a day, above and below ground across eastern Paris; the
 * reports answered by the UASA mobile teams; and the public meeting in Rosa Parks on 18 October 2023.
 * Those figures come out exactly. Everything else (daily split, other sites, pseudonyms, operators,
 * contacts, reports, other meetings, 2022 rights-access acts) is synthetic and deterministic.
 */
export const FIRST_DAY = '2022-01-01';
export const LAST_DAY = '2023-11-30';

const make = <T extends object>(entity: new () => T, values: T): T => Object.assign(new entity(), values);

export const sites: readonly ReceptionSite[] = [
  // The communiqué's site: funded by the ARS and the Ville de Paris.
  {
    code: REST_SPACE_CODE,
    name: 'Espace de repos de la Porte de la Chapelle',
    kind: 'REST_SPACE',
    sectorCode: 'porte-de-la-chapelle',
    operatorPartnerCode: 'ville-paris',
    funderPartnerCodes: ['ars-idf', 'ville-paris'],
  },
  // Synthetic sites.
  {
    code: 'stalingrad-day-reception',
    name: 'Accueil de jour de Stalingrad',
    kind: 'DAY_RECEPTION',
    sectorCode: 'stalingrad',
    operatorPartnerCode: 'ville-paris',
    funderPartnerCodes: ['ville-paris'],
  },
  {
    code: 'rosa-parks-night-shelter',
    name: 'Halte de nuit Rosa Parks',
    kind: 'NIGHT_SHELTER',
    sectorCode: 'rosa-parks',
    operatorPartnerCode: 'ville-paris',
    funderPartnerCodes: ['pref-idf', 'ville-paris'],
  },
].map((site) => make(ReceptionSite, site as ReceptionSite));

const siteEvents: readonly ReceptionSiteEvent[] = [
  { id: 1, siteCode: REST_SPACE_CODE, date: '2021-06-01', kind: 'OPENED', note: 'Ouverture de l’espace de repos (date synthétique)' },
  {
    id: 2,
    siteCode: REST_SPACE_CODE,
    date: '2023-10-02',
    kind: 'RENOVATED_AND_ENLARGED',
    note: 'Espace rénové et agrandi en octobre 2023',
  },
  { id: 3, siteCode: 'stalingrad-day-reception', date: '2020-09-14', kind: 'OPENED', note: 'Ouverture (synthétique)' },
  { id: 4, siteCode: 'rosa-parks-night-shelter', date: '2022-02-01', kind: 'OPENED', note: 'Ouverture (synthétique)' },
  { id: 5, siteCode: 'rosa-parks-night-shelter', date: '2023-04-03', kind: 'HOURS_EXTENDED', note: 'Ouverture dès 20 h (synthétique)' },
].map((event) => make(ReceptionSiteEvent, event as ReceptionSiteEvent));

/** Rest-space visits: 31,241 in 2022; 36,741 in 2023 of which 4,500 in November (150 a day, ±5). */
function restSpaceAttendance(random: Random): SiteAttendance[] {
  const weightsOf = (days: readonly string[], from: number, to: number) =>
    days.map((day, i) => {
      const trend = from + ((to - from) * i) / Math.max(1, days.length - 1);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return trend * (weekday === 0 || weekday === 6 ? 0.94 : 1.02) * (0.92 + 0.16 * random());
    });
  const days2022 = daysBetween('2022-01-01', '2022-12-31');
  const days2023 = daysBetween('2023-01-01', '2023-10-31');
  const november = daysBetween('2023-11-01', '2023-11-30');
  const visits2022 = spread(31_241, weightsOf(days2022, 78, 94));
  const visits2023 = spread(36_741 - 4_500, weightsOf(days2023, 98, 116));
  // Pairs of days 150 + d and 150 − d: every day within 145–155, the month exactly 4,500.
  const novemberVisits: number[] = november.map(() => 150);
  for (let i = 0; i < november.length; i += 2) {
    const d = Math.floor(random() * 11) - 5;
    novemberVisits[i] = 150 + d;
    novemberVisits[i + 1] = 150 - d;
  }
  return [
    ...days2022.map((date, i) => ({ siteCode: REST_SPACE_CODE, date, visits: visits2022[i] ?? 0 })),
    ...days2023.map((date, i) => ({ siteCode: REST_SPACE_CODE, date, visits: visits2023[i] ?? 0 })),
    ...november.map((date, i) => ({ siteCode: REST_SPACE_CODE, date, visits: novemberVisits[i] ?? 0 })),
  ].map((row) => make(SiteAttendance, row));
}

/** Synthetic: the other sites' daily visits. */
function otherAttendance(random: Random): SiteAttendance[] {
  return [
    ...daysBetween(FIRST_DAY, LAST_DAY).map((date) => ({
      siteCode: 'stalingrad-day-reception',
      date,
      visits: 40 + Math.floor(random() * 31),
    })),
    ...daysBetween('2022-02-01', LAST_DAY).map((date) => ({
      siteCode: 'rosa-parks-night-shelter',
      date,
      visits: 18 + Math.floor(random() * 15),
    })),
  ].map((row) => make(SiteAttendance, row));
}

/** 2,565 people in 2022 (250 women), 3,565 in 2023 (380 women); pseudonyms and the undisclosed share are synthetic. */
function caredPeople(random: Random): CaredPerson[] {
  const years: readonly [number, number, number, number][] = [
    [2022, 2_565, 250, 31],
    [2023, 3_565, 380, 44],
  ];
  let id = 0;
  return years.flatMap(([year, total, women, undisclosed]) => {
    const sexes = shuffle(random, [
      ...Array<CaredPersonSex>(women).fill('FEMALE'),
      ...Array<CaredPersonSex>(undisclosed).fill('UNDISCLOSED'),
      ...Array<CaredPersonSex>(total - women - undisclosed).fill('MALE'),
    ]);
    return sexes.map((sex, i) =>
      make(CaredPerson, { id: ++id, siteCode: REST_SPACE_CODE, year, pseudonym: `PC${year}-${String(i + 1).padStart(5, '0')}`, sex }),
    );
  });
}

/** 1,000 rights-access acts in 2023 (communiqué), 750 in 2022 (synthetic), on synthetic days. */
function rightsAccessActs(random: Random): RightsAccessAct[] {
  const years: readonly [string, string, number][] = [
    ['2022-01-01', '2022-12-31', 750],
    ['2023-01-01', LAST_DAY, 1_000],
  ];
  let id = 0;
  return years.flatMap(([from, to, count]) =>
    drawDates(random, from, to, count).map((performedOn) => make(RightsAccessAct, { id: ++id, siteCode: REST_SPACE_CODE, performedOn })),
  );
}

/** Synthetic associations running the rounds; underground rounds are run with the RATP. */
const surfaceOperators: Record<string, string> = {
  stalingrad: 'Gaïa Paris',
  eole: 'Aurore',
  'porte-de-la-chapelle': 'Charonne',
  'rosa-parks': 'Oppelia',
  'canal-ourcq': 'Aides',
  forceval: 'Gaïa Paris',
};

function round(random: Random, date: string, slot: OutreachSlot, level: OutreachLevel, sectorCode: string, suffix = ''): OutreachRound {
  const base = level === 'SURFACE' ? 4 : 2;
  return make(OutreachRound, {
    id: `${date}-${slot}-${level}-${sectorCode}${suffix}`,
    date,
    slot,
    level,
    sectorCode,
    operator: level === 'SURFACE' ? (surfaceOperators[sectorCode] ?? 'Aurore') : 'Aurore avec la RATP',
    contactsMade: base + Math.floor(random() * (slot === 'EVENING' ? 17 : 11)),
  });
}

/** One round per day × slot × level × sector (the contract other subgraphs rely on), plus extra rounds when scaled. */
function outreachRounds(random: Random, scale: number): OutreachRound[] {
  const days = daysBetween(FIRST_DAY, LAST_DAY);
  const rounds = days.flatMap((date) =>
    outreachSlots.flatMap((slot) =>
      outreachLevels.flatMap((level) => sectorCodes.map((sector) => round(random, date, slot, level, sector))),
    ),
  );
  // Synthetic reinforcement rounds, only when scaled: more rows behind Sector.outreach and outreachRounds.
  let extra = 0;
  for (let k = 1; k < scale; k++) {
    for (const sector of sectorCodes) {
      for (let n = 0; n < 40; n++)
        rounds.push(
          round(random, pick(random, days), pick(random, outreachSlots), pick(random, outreachLevels), sector, `-extra-${++extra}`),
        );
    }
  }
  return rounds;
}

const reporterKinds: readonly ResidentReporterKind[] = [
  'RESIDENT',
  'RESIDENT',
  'RESIDENT',
  'RESIDENT',
  'RESIDENT',
  'RESIDENT',
  'SHOPKEEPER',
  'SHOPKEEPER',
  'SHOPKEEPER',
  'DISTRICT_MAYOR',
];
const reportSectors: readonly string[] = [
  'stalingrad',
  'stalingrad',
  'eole',
  'eole',
  'porte-de-la-chapelle',
  'porte-de-la-chapelle',
  'rosa-parks',
  'rosa-parks',
  'canal-ourcq',
  'forceval',
];

/** Synthetic: 330 × scale reports from January to November 2023, most answered within hours (action 2.04). */
function residentReports(random: Random, scale: number): ResidentReport[] {
  const days = daysBetween('2023-01-01', LAST_DAY);
  return (
    Array.from({ length: 330 * scale }, (_, i) => {
      const day = pick(random, days);
      const receivedAt = new Date(`${day}T00:00:00Z`);
      receivedAt.setUTCHours(6 + Math.floor(random() * 15), Math.floor(random() * 60));
      const handled = random() < 0.93;
      const handledAt = new Date(receivedAt.getTime() + (20 + Math.floor(random() * 280)) * 60_000);
      return make(ResidentReport, {
        id: i + 1,
        reporterKind: pick(random, reporterKinds),
        sectorCode: pick(random, reportSectors),
        receivedAt,
        handledAt: handled ? handledAt : null,
        handledByTeam: handled ? `UASA – équipe mobile ${1 + Math.floor(random() * 4)}` : null,
        planActionId: '2.04',
      });
    })
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id)
      // Ids follow reception order.
      .map((report, i) => Object.assign(report, { id: i + 1 }))
  );
}

const publicMeetings: readonly PublicMeeting[] = [
  // Synthetic.
  {
    id: 'forceval-2022-11-08',
    date: '2022-11-08',
    sectorCode: 'forceval',
    title: 'Réunion publique après le démantèlement du square Forceval',
    audience: 'RESIDENTS',
  },
  {
    id: 'stalingrad-2023-03-21',
    date: '2023-03-21',
    sectorCode: 'stalingrad',
    title: 'Réunion publique place de la Bataille-de-Stalingrad',
    audience: 'RESIDENTS_AND_SHOPKEEPERS',
  },
  {
    id: 'porte-de-la-chapelle-2023-06-13',
    date: '2023-06-13',
    sectorCode: 'porte-de-la-chapelle',
    title: 'Rencontre avec les commerçants de la Porte de la Chapelle',
    audience: 'SHOPKEEPERS',
  },
  // The communiqué's.
  {
    id: 'rosa-parks-2023-10-18',
    date: '2023-10-18',
    sectorCode: 'rosa-parks',
    title: 'Réunion publique avec les riverains du quartier Rosa Parks',
    audience: 'RESIDENTS',
  },
].map((meeting) => make(PublicMeeting, meeting as PublicMeeting));

interface CarePathwayRows {
  readonly pathways: CarePathway[];
  readonly contacts: PathwayOutreachContact[];
  readonly visits: PathwayRestSpaceVisit[];
}

/**
 * Synthetic care pathways (shared/seeding.ts): social meets every one. Each has one to six outreach
 * contacts, mostly in one sector, and up to four visits to a site open that day. A contact is made
 * in the round of its day, sector, slot and level when rounds ran that day (to LAST_DAY), else in none.
 * Their own PRNG and tables, so that no row or figure above changes.
 */
function carePathways(): CarePathwayRows {
  const random = mulberry32(2022_01_01);
  // The days each site was open within the period.
  const openDays = new Map(
    sites.map((site) => {
      const opened = siteEvents.find((event) => event.siteCode === site.code && event.kind === 'OPENED')?.date ?? pathwayPeriod.from;
      return [site.code, daysBetween(opened > pathwayPeriod.from ? opened : pathwayPeriod.from, pathwayPeriod.to)];
    }),
  );
  const rows: CarePathwayRows = { pathways: [], contacts: [], visits: [] };
  for (let i = 1; i <= PATHWAY_COUNT; i++) {
    const pseudonym = pathwayPseudonym(i);
    rows.pathways.push(make(CarePathway, { pseudonym }));
    const homeSector = pick(random, sectorCodes);
    drawDates(random, pathwayPeriod.from, pathwayPeriod.to, intBetween(random, 1, 6)).forEach((date, n) => {
      const sectorCode = random() < 0.8 ? homeSector : pick(random, sectorCodes);
      const slot = pick(random, outreachSlots);
      const level = pick(random, outreachLevels);
      const kind: PathwayContactKind = n === 0 ? 'FIRST_CONTACT' : random() < 0.7 ? 'FOLLOW_UP' : 'ORIENTATION';
      const roundId = date <= LAST_DAY ? `${date}-${slot}-${level}-${sectorCode}` : null;
      rows.contacts.push(make(PathwayOutreachContact, { id: rows.contacts.length + 1, pseudonym, date, sectorCode, roundId, kind }));
    });
    const visits = Array.from({ length: intBetween(random, 0, 4) }, () => {
      const site = pick(random, sites);
      return { siteCode: site.code, date: pick(random, openDays.get(site.code) ?? []) };
    }).sort((a, b) => a.date.localeCompare(b.date));
    for (const visit of visits) rows.visits.push(make(PathwayRestSpaceVisit, { id: rows.visits.length + 1, pseudonym, ...visit }));
  }
  return rows;
}

export async function seed(db: DataSource, options: SeedOptions): Promise<void> {
  const scale = Math.max(1, Math.floor(options.scale));
  const random = mulberry32(2023_11_30);
  // Every generator draws from the one PRNG in a fixed order, so the data never changes between runs.
  const attendance = [...restSpaceAttendance(random), ...otherAttendance(random)];
  const people = caredPeople(random);
  const acts = rightsAccessActs(random);
  const rounds = outreachRounds(random, scale);
  const reports = residentReports(random, scale);
  const pathways = carePathways();
  await db.transaction(async (tx) => {
    await insertChunks(tx, ReceptionSite, sites);
    await insertChunks(tx, ReceptionSiteEvent, siteEvents);
    await insertChunks(tx, SiteAttendance, attendance);
    await insertChunks(tx, CaredPerson, people);
    await insertChunks(tx, RightsAccessAct, acts);
    await insertChunks(tx, OutreachRound, rounds);
    await insertChunks(tx, ResidentReport, reports);
    await insertChunks(tx, PublicMeeting, publicMeetings);
    await insertChunks(tx, CarePathway, pathways.pathways);
    await insertChunks(tx, PathwayOutreachContact, pathways.contacts);
    await insertChunks(tx, PathwayRestSpaceVisit, pathways.visits);
    await rebuildRollups(tx);
  });
}
