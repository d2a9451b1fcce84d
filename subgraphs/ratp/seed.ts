import type { DataSource } from 'typeorm';
import type { SectorCode } from '../shared/sectors.js';
import { daysBetween, insertChunks, mulberry32, pick, type Random } from '../shared/seeding.js';
import type { SeedOptions } from '../shared/subgraph.js';
import { RatpJointPatrol, RatpLine, Station, StationIncident, StationLine, type IncidentKind, type RoundSlot } from './entities/index.js';
import { rebuildRollups } from './rollups.js';

/**
 * RATP's data. The lines, the stations of each sector and the lines that stop there are the real
 * network (the communiqué: RATP "covers the metro and RER stations of the sectors"). The joint
 * patrols and the incidents are SYNTHETIC, deterministic (seeded PRNG), from 2022-01-01 to
 * 2023-11-30: the communiqué gives no RATP figure, only that underground outreach works "in close
 * link with RATP's own work".
 */
export const lines: readonly RatpLine[] = [
  { code: 'M2', mode: 'METRO', name: 'Métro 2 — Porte Dauphine ↔ Nation' },
  { code: 'M5', mode: 'METRO', name: "Métro 5 — Bobigny–Pablo Picasso ↔ Place d'Italie" },
  { code: 'M7', mode: 'METRO', name: "Métro 7 — La Courneuve–8 Mai 1945 ↔ Villejuif / Mairie d'Ivry" },
  { code: 'M7B', mode: 'METRO', name: 'Métro 7bis — Louis Blanc ↔ Pré-Saint-Gervais' },
  { code: 'M12', mode: 'METRO', name: "Métro 12 — Mairie d'Aubervilliers ↔ Mairie d'Issy" },
  { code: 'RER-E', mode: 'RER', name: 'RER E — Haussmann–Saint-Lazare ↔ Chelles–Gournay / Tournan' },
];

/** Stations by sector, with the lines that stop there. */
export const stations: readonly (Station & { lineCodes: readonly string[] })[] = [
  { code: 'stalingrad', name: 'Stalingrad', sectorCode: 'stalingrad', lineCodes: ['M2', 'M5', 'M7'] },
  { code: 'jaures', name: 'Jaurès', sectorCode: 'stalingrad', lineCodes: ['M2', 'M5', 'M7B'] },
  { code: 'marx-dormoy', name: 'Marx Dormoy', sectorCode: 'eole', lineCodes: ['M12'] },
  { code: 'la-chapelle', name: 'La Chapelle', sectorCode: 'eole', lineCodes: ['M2'] },
  { code: 'porte-de-la-chapelle', name: 'Porte de la Chapelle', sectorCode: 'porte-de-la-chapelle', lineCodes: ['M12'] },
  { code: 'rosa-parks', name: 'Rosa Parks', sectorCode: 'rosa-parks', lineCodes: ['RER-E'] },
  { code: 'corentin-cariou', name: 'Corentin Cariou', sectorCode: 'rosa-parks', lineCodes: ['M7'] },
  { code: 'ourcq', name: 'Ourcq', sectorCode: 'canal-ourcq', lineCodes: ['M5'] },
  { code: 'laumiere', name: 'Laumière', sectorCode: 'canal-ourcq', lineCodes: ['M5'] },
  { code: 'porte-de-la-villette', name: 'Porte de la Villette', sectorCode: 'forceval', lineCodes: ['M7'] },
];

export const DETAIL_FROM = '2022-01-01';
export const DETAIL_TO = '2023-11-30';
/** The Forceval square scene was dismantled on this day (communiqué); incidents at its station drop after. */
const FORCEVAL_DISMANTLED = '2022-10-05';

/** Social's round key, built from the contract's rule rather than read from social's data. */
export function outreachRoundId(date: string, slot: RoundSlot, sectorCode: string): string {
  return `${date}-${slot}-UNDERGROUND-${sectorCode}`;
}

/**
 * SYNTHETIC: RATP agents join the sector's underground round on most days (80 %), usually the
 * evening one (70 %), and the busiest sectors on some days join both rounds; 2 to 4 agents, at one
 * of the sector's stations. Bounded by the rounds that exist, so not multiplied by `scale`.
 */
function jointPatrols(): RatpJointPatrol[] {
  const random = mulberry32(20_191_127);
  const bySector = new Map<string, string[]>();
  for (const station of stations) bySector.set(station.sectorCode, [...(bySector.get(station.sectorCode) ?? []), station.code]);
  const busy = new Set<SectorCode>(['stalingrad', 'porte-de-la-chapelle']);
  const rows: RatpJointPatrol[] = [];
  for (const date of daysBetween(DETAIL_FROM, DETAIL_TO)) {
    for (const [sectorCode, codes] of bySector) {
      if (random() >= 0.8) continue;
      const slots: RoundSlot[] =
        busy.has(sectorCode as SectorCode) && random() < 0.25 ? ['MORNING', 'EVENING'] : [random() < 0.7 ? 'EVENING' : 'MORNING'];
      for (const slot of slots) {
        const roundId = outreachRoundId(date, slot, sectorCode);
        rows.push({
          id: `ratp-${roundId}`,
          outreachRoundId: roundId,
          date,
          slot,
          stationCode: pick(random, codes),
          ratpAgents: 2 + Math.floor(random() * 3),
        });
      }
    }
  }
  return rows;
}

const kindWeights: readonly [IncidentKind, number, number][] = [
  // kind, share of incidents, chance that train traffic is stopped
  ['CONSUMPTION', 0.4, 0.02],
  ['NUISANCE', 0.25, 0.03],
  ['DEALING', 0.15, 0.01],
  ['AGGRESSION', 0.1, 0.15],
  ['MEDICAL', 0.1, 0.3],
];

const stationWeights: Record<string, number> = {
  stalingrad: 3,
  jaures: 2,
  'marx-dormoy': 2,
  'la-chapelle': 2,
  'porte-de-la-chapelle': 3,
  'rosa-parks': 2,
  'corentin-cariou': 1,
  ourcq: 1,
  laumiere: 1,
  'porte-de-la-villette': 1,
};

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [item, weight] of items) {
    draw -= weight;
    if (draw < 0) return item;
  }
  return (items.at(-1) as readonly [T, number])[0];
}

/** SYNTHETIC: 3,000 × scale incidents spread over the detail period and the sectors' stations. */
function incidents(scale: number): StationIncident[] {
  const random = mulberry32(20_231_130);
  const dates = daysBetween(DETAIL_FROM, DETAIL_TO);
  const rows: StationIncident[] = [];
  for (let i = 0; i < 3000 * scale; i += 1) {
    const date = pick(random, dates);
    // Porte de la Villette served the Forceval scene until it was dismantled.
    const weights = Object.entries(stationWeights).map(
      ([code, weight]) => [code, code === 'porte-de-la-villette' && date < FORCEVAL_DISMANTLED ? 4 : weight] as const,
    );
    const stationCode = weighted(random, weights);
    const [kind, , stopChance] = weighted(
      random,
      kindWeights.map((entry) => [entry, entry[1]] as const),
    );
    const minute = Math.floor(random() * 20 * 60) + 5 * 60 + 30; // the metro runs from 5:30 to 1:30
    const occurredAt = new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000);
    rows.push({ id: i + 1, stationCode, occurredAt, kind, trainTrafficInterrupted: random() < stopChance });
  }
  return rows;
}

export async function seed(db: DataSource, options: SeedOptions): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(RatpLine, [...lines]);
    await tx.insert(
      Station,
      stations.map(({ code, name, sectorCode }) => ({ code, name, sectorCode })),
    );
    await tx.insert(
      StationLine,
      stations.flatMap((station) => station.lineCodes.map((lineCode) => ({ stationCode: station.code, lineCode }))),
    );
    await insertChunks(tx, RatpJointPatrol, jointPatrols());
    await insertChunks(tx, StationIncident, incidents(options.scale));
    await rebuildRollups(tx);
  });
}
