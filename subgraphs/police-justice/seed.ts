import type { DataSource } from 'typeorm';
import { sectorCodes } from '../shared/sectors.js';
import { daysBetween, drawDates, insertChunks, intBetween, mulberry32, pick, shuffle, type Random } from '../shared/seeding.js';
import { addDays } from '../shared/sql.js';
import type { SeedOptions } from '../shared/subgraph.js';
import { rebuildRollups } from './rollups.js';
import {
  Deportation,
  Eviction,
  PoliceDeployment,
  PoliceOperation,
  policeShifts,
  ProsecutableCase,
  Sentence,
  TherapeuticInjunction,
  sensitiveSectorCodes,
  type JudicialProcedure,
  type PoliceOperationKind,
} from './entities/index.js';

/**
 * Police and justice data behind the communiqué of 30 November 2023. From the communiqué: the
 * Forceval dismantling on 5 October 2022; deployments on the five sensitive sectors every day and
 * night since; 25 deportations in 2023; 730 prosecutable cases in 2023, +46 % on 2022 (500);
 * immediate appearances 117 → 226; therapeutic injunctions +18 % (250 → 295). Everything else
 * (dates, sectors, officer numbers, evictions, other operations, sentences, the 2022 deportations)
 * is synthetic and deterministic.
 */
export const FORCEVAL_DISMANTLED_ON = '2022-10-05';
/** Deployments start the day after the dismantling and run to the communiqué. */
export const DEPLOYMENTS_FROM = '2022-10-06';
export const DATA_FROM = '2022-01-01';
export const DATA_TO = '2023-11-30';

/** Yearly counts the communiqué gives (2022 values derived from its "+N %"; 2022 deportations synthetic). */
export const yearly = {
  2022: { cases: 500, immediateAppearances: 117, injunctions: 250, deportations: 17 },
  2023: { cases: 730, immediateAppearances: 226, injunctions: 295, deportations: 25 },
} as const;

/** Forceval was the open scene until its dismantling; afterwards activity is on the five sensitive sectors. */
const sectorOn = (random: Random, date: string) => pick(random, date < FORCEVAL_DISMANTLED_ON ? sectorCodes : sensitiveSectorCodes);

/** `count` sorted random days of a year, within the data's span. */
function datesInYear(random: Random, year: number, count: number): string[] {
  const last = `${year}-12-31`;
  return drawDates(random, `${year}-01-01`, last <= DATA_TO ? last : DATA_TO, count);
}

export function operations(scale: number): PoliceOperation[] {
  const random = mulberry32(1001);
  const rows: PoliceOperation[] = [
    {
      id: 'op-2022-10-05-forceval',
      date: FORCEVAL_DISMANTLED_ON,
      sectorCode: 'forceval',
      kind: 'DISMANTLING',
      description: 'Démantèlement définitif de la scène de consommation du square Forceval (19e)',
      leadPartnerCode: 'pref-police',
    },
  ];
  // Synthetic: three operations a month per scale unit, none of them a dismantling.
  const kinds: readonly [PoliceOperationKind, string, string][] = [
    ['CLEARANCE', 'Évacuation d’un regroupement de consommateurs', 'pref-police'],
    ['SEARCH', 'Perquisition d’un point de revente sur réquisition du parquet', 'parquet-paris'],
    ['ARREST', 'Interpellation de revendeurs', 'pref-police'],
  ];
  const span = daysBetween(DATA_FROM, DATA_TO);
  let n = 0;
  for (const month of span.filter((d) => d.endsWith('-01'))) {
    const monthDays = span.filter((d) => d.startsWith(month.slice(0, 8)));
    for (let i = 0; i < 3 * scale; i += 1) {
      const date = pick(random, monthDays);
      const [kind, description, leadPartnerCode] = pick(random, kinds);
      n += 1;
      rows.push({
        id: `op-${date}-${String(n).padStart(4, '0')}`,
        date,
        sectorCode: sectorOn(random, date),
        kind,
        description,
        leadPartnerCode,
      });
    }
  }
  return rows;
}

/**
 * Synthetic: each sensitive sector, each day and night since the dismantling, 32–60 officers by
 * day and 30–54 by night, so that the five sectors together always have between 310 and 570.
 */
export function deployments(): PoliceDeployment[] {
  const random = mulberry32(2002);
  return daysBetween(DEPLOYMENTS_FROM, DATA_TO).flatMap((deployedOn) =>
    sensitiveSectorCodes.flatMap((sectorCode) =>
      policeShifts.map((shift) => ({
        sectorCode,
        deployedOn,
        shift,
        officers: shift === 'DAY' ? intBetween(random, 32, 60) : intBetween(random, 30, 54),
      })),
    ),
  );
}

/** Synthetic: 400 evictions per scale unit over the data's span, about 40 % on a re-forming scene. */
export function evictions(scale: number): Eviction[] {
  const random = mulberry32(3003);
  const span = daysBetween(DATA_FROM, DATA_TO);
  return Array.from({ length: 400 * scale }, () => {
    const date = pick(random, span);
    const minute = intBetween(random, 0, 24 * 60 - 1);
    return {
      occurredAt: new Date(`${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`),
      sectorCode: sectorOn(random, date),
      consumersEvicted: intBetween(random, 1, 20),
      sceneReforming: random() < 0.4,
    };
  })
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
    .map((row, i) => ({ id: `ev-${String(i + 1).padStart(6, '0')}`, ...row }));
}

export function deportations(): Deportation[] {
  const random = mulberry32(4004);
  return ([2022, 2023] as const).flatMap((year) =>
    datesInYear(random, year, yearly[year].deportations).map((date, i) => ({
      id: `dep-${year}-${String(i + 1).padStart(3, '0')}`,
      date,
      // Pseudonymous: a random reference, never a name.
      reference: `TRF-${Math.floor(random() * 0xffffff)
        .toString(16)
        .toUpperCase()
        .padStart(6, '0')}`,
    })),
  );
}

/** The communiqué's case counts, with synthetic dates, sectors and non-immediate procedures. */
export function cases(): ProsecutableCase[] {
  const random = mulberry32(5005);
  return ([2022, 2023] as const).flatMap((year) => {
    const { cases: total, immediateAppearances } = yearly[year];
    const others = Array.from({ length: total - immediateAppearances }, (): JudicialProcedure => {
      const r = random();
      return r < 0.65 ? 'SUMMONS' : r < 0.85 ? 'JUDICIAL_INVESTIGATION' : 'OTHER';
    });
    const procedures = shuffle(random, [
      ...Array.from({ length: immediateAppearances }, (): JudicialProcedure => 'IMMEDIATE_APPEARANCE'),
      ...others,
    ]);
    return datesInYear(random, year, total).map((registeredOn, i) => ({
      id: `case-${year}-${String(i + 1).padStart(4, '0')}`,
      registeredOn,
      sectorCode: sectorOn(random, registeredOn),
      procedureKind: procedures[i] as JudicialProcedure,
    }));
  });
}

/**
 * Synthetic: about 85 % of immediate appearances end in prison, pronounced within two days,
 * from 3 months to 5 years; each year has at least one of each extreme.
 */
export function sentences(caseRows: readonly ProsecutableCase[]): Sentence[] {
  const random = mulberry32(6006);
  const months = [3, 4, 6, 6, 8, 10, 12, 12, 18, 24, 30, 36, 48, 60];
  const perYear = new Map<string, number>();
  const rows: Sentence[] = [];
  for (const c of caseRows.filter((row) => row.procedureKind === 'IMMEDIATE_APPEARANCE')) {
    if (random() >= 0.85) continue;
    const year = c.registeredOn.slice(0, 4);
    const rank = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, rank);
    const pronounced = addDays(c.registeredOn, intBetween(random, 0, 2));
    rows.push({
      id: `sent-${c.id.slice('case-'.length)}`,
      caseId: c.id,
      // Kept in the case's year so that each year's summary reads the same as its cases.
      pronouncedOn: pronounced.slice(0, 4) === year && pronounced <= DATA_TO ? pronounced : c.registeredOn,
      prisonMonths: rank === 1 ? 3 : rank === 2 ? 60 : pick(random, months),
      areaBan: random() < 0.6,
      territoryBan: random() < 0.3,
    });
  }
  return rows;
}

export function injunctions(): TherapeuticInjunction[] {
  const random = mulberry32(7007);
  return ([2022, 2023] as const).flatMap((year) =>
    datesInYear(random, year, yearly[year].injunctions).map((orderedOn, i) => ({
      id: `ti-${year}-${String(i + 1).padStart(4, '0')}`,
      orderedOn,
      sectorCode: sectorOn(random, orderedOn),
    })),
  );
}

export async function seed(db: DataSource, options: SeedOptions): Promise<void> {
  const scale = Math.max(1, Math.floor(options.scale));
  const caseRows = cases();
  await db.transaction(async (tx) => {
    await insertChunks(tx, PoliceOperation, operations(scale));
    await insertChunks(tx, PoliceDeployment, deployments());
    await insertChunks(tx, Eviction, evictions(scale));
    await insertChunks(tx, Deportation, deportations());
    await insertChunks(tx, ProsecutableCase, caseRows);
    await insertChunks(tx, Sentence, sentences(caseRows));
    await insertChunks(tx, TherapeuticInjunction, injunctions());
    await rebuildRollups(tx);
  });
}
