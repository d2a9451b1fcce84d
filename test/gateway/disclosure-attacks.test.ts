import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placesMetrics } from '../../subgraphs/health/loaders.js';
import { suppressSmallCounts, type FigureCell } from '../../subgraphs/shared/disclosure.js';
import { sectorCodes } from '../../subgraphs/shared/sectors.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

/**
 * The attacks of issue 15 that broke small-count suppression, replayed through the gateway at the
 * default threshold (5) as the attacker ran them. Each must now learn nothing that the published
 * figures do not already say.
 */

type Reason = 'BELOW_THRESHOLD' | 'RECOVERABLE_BY_SUBTRACTION';
type Figure = { year: number; value: number | null; suppressed: { reason: Reason; threshold: number } | null };
type Series = { metric: string; years: Figure[] };
const threshold = 5;

/**
 * What an attacker who knows the rule learns of a row: every way of filling its hidden cells that
 * adds up to the plan-wide figure and that the rule itself would have hidden the same way.
 * Returns, for each hidden sector, every value it can have.
 */
function replayRule(
  year: number,
  shown: ReadonlyMap<string, number>,
  hidden: ReadonlyMap<string, Reason>,
  total: number,
): Map<string, Set<number>> {
  const hiddenSectors = [...hidden.keys()];
  const hiddenSum = total - [...shown.values()].reduce((sum, value) => sum + value, 0);
  const possible = new Map(hiddenSectors.map((sector) => [sector, new Set<number>()]));
  const expected = JSON.stringify(hiddenSectors.map((sector) => [sector, hidden.get(sector)]).sort());
  const fill = (index: number, left: number, values: number[]) => {
    if (index === hiddenSectors.length - 1) {
      const candidate = [...values, left];
      const row: FigureCell[] = sectorCodes.map((sector) => ({
        sector,
        year,
        value: shown.get(sector) ?? candidate[hiddenSectors.indexOf(sector)] ?? 0,
      }));
      const outcome = JSON.stringify(
        suppressSmallCounts(row, threshold)
          .map((cell) => [cell.sector, cell.reason])
          .sort(),
      );
      if (outcome === expected) hiddenSectors.forEach((sector, i) => possible.get(sector)?.add(candidate[i] ?? NaN));
      return;
    }
    for (let value = 0; value <= left; value += 1) fill(index + 1, left - value, [...values, value]);
  };
  if (hiddenSectors.length > 0) fill(0, hiddenSum, []);
  return possible;
}

const sorted = (values: Set<number> | undefined) => [...(values ?? [])].sort((a, b) => a - b);

describe.each(testEngines)('the attacks on small-count suppression, through the gateway on $kind', (engine) => {
  let graph: RunningGraph;
  let reporter: string;
  beforeAll(async () => {
    graph = await startGraph(engine, 'disclosureattacks');
    reporter = await mintToken({ agent: 'cross-agency-analyst', scopes: ['report:read'] });
  });
  afterAll(() => graph?.stop());

  it('1. facilities’ places read anonymously add up to the sectors’ care places, which hide nothing: places are published at every level', async () => {
    type Facilities = {
      healthFacilities: { id: string; kind: keyof typeof placesMetrics; sector: { code: string } | null; places: Series }[];
    };
    const facilities = await graph.queryWith<Facilities>(
      null,
      '{ healthFacilities { id kind sector { code } places { metric years { year value } } } }',
    );
    expect(facilities.errors).toBeUndefined();
    type Sectors = { sectors: { code: string; healthFigures: { carePlaces: Series } }[] };
    const sectors = await graph.queryWith<Sectors>(
      reporter,
      '{ sectors { code healthFigures { carePlaces { metric years { year value suppressed { reason threshold } } } } } }',
    );
    expect(sectors.errors).toBeUndefined();
    const facilityPlaces = new Map<string, number>();
    for (const facility of facilities.data?.healthFacilities ?? []) {
      // Each facility's places are its kind's metric, declared published.
      expect(facility.places.metric).toBe(placesMetrics[facility.kind].metric);
      expect(placesMetrics[facility.kind].disclosure).toBe('published');
      if (facility.sector === null) continue;
      for (const figure of facility.places.years) {
        const key = `${facility.sector.code} ${figure.year}`;
        facilityPlaces.set(key, (facilityPlaces.get(key) ?? 0) + (figure.value ?? NaN));
      }
    }
    const sectorPlaces = new Map(
      (sectors.data?.sectors ?? []).flatMap((sector) =>
        sector.healthFigures.carePlaces.years.map((figure): [string, number | null] => [`${sector.code} ${figure.year}`, figure.value]),
      ),
    );
    expect(Object.fromEntries(sectorPlaces)).toEqual(Object.fromEntries(facilityPlaces));
    expect(
      sectors.data?.sectors.flatMap((sector) => sector.healthFigures.carePlaces.years.filter((figure) => figure.suppressed !== null)),
    ).toEqual([]);
    // The cells the attacker read off: shown now, as published.
    expect([sectorPlaces.get('rosa-parks 2019'), sectorPlaces.get('eole 2019')]).toEqual([4, 6]);
  });

  it('2. replaying the complement rule on police operations leaves every small count anywhere from 1 to 4', async () => {
    type Sectors = { sectors: { code: string; policeJusticeFigures: { policeOperations: Series } }[] };
    const sectors = await graph.queryWith<Sectors>(
      reporter,
      '{ sectors { code policeJusticeFigures { policeOperations { metric years { year value suppressed { reason threshold } } } } } }',
    );
    expect(sectors.errors).toBeUndefined();
    const planWide = await graph.queryWith<{ policeJusticeFigures: { policeOperations: Series } }>(
      null,
      '{ policeJusticeFigures { policeOperations { metric years { year value } } } }',
    );
    const learned: Record<number, Record<string, number[]>> = {};
    for (const year of [2022, 2023]) {
      const shown = new Map<string, number>();
      const hidden = new Map<string, Reason>();
      for (const sector of sectors.data?.sectors ?? []) {
        const figure = sector.policeJusticeFigures.policeOperations.years.find((candidate) => candidate.year === year);
        if (figure?.suppressed) hidden.set(sector.code, figure.suppressed.reason);
        else shown.set(sector.code, figure?.value ?? 0);
      }
      const total = planWide.data?.policeJusticeFigures.policeOperations.years.find((figure) => figure.year === year)?.value ?? NaN;
      learned[year] = Object.fromEntries([...replayRule(year, shown, hidden, total)].map(([sector, values]) => [sector, sorted(values)]));
    }
    // 2022: 10, 5, 6, 5, 7 and 4; the plan-wide 37. The old rule hid eole's 5, the smallest other cell: forceval = 4, exactly.
    // Now porte-de-la-chapelle's 6, taken in the order of the sectors: forceval is anything from 1 to 4, the complement from 6 to 9.
    expect(learned[2022]).toEqual({ forceval: [1, 2, 3, 4], 'porte-de-la-chapelle': [6, 7, 8, 9] });
    // 2023: 4, 3, 12, 11, 3 and 0; the old rule hid nothing else, so the three small counts added up to 10 and each was at least 2.
    for (const sector of ['stalingrad', 'eole', 'canal-ourcq']) expect(learned[2023]?.[sector]).toEqual([1, 2, 3, 4]);
  });

  it('3. a writer without police-justice:read who records an operation in Stalingrad in 2023 reads no police figure of a sector, before or after', async () => {
    const writer = await mintToken({ agent: 'police-clerk', partner: 'pref-police', scopes: ['police-justice:write', 'report:read'] });
    const stalingrad2023 =
      '{ sector(code: "stalingrad") { policeJusticeFigures { policeOperations { year(year: 2023) { value suppressed { reason } } } } } }';
    const refused = {
      data: { sector: { policeJusticeFigures: null } },
      errors: [
        {
          message:
            "Sector.policeJusticeFigures is not served to an agent who may write police-justice's data without reading it (police-justice:write without police-justice:read): " +
            'a write would show what it changed in a hidden count',
          path: ['sector', 'policeJusticeFigures'],
          extensions: {
            code: 'FORBIDDEN',
            field: 'Sector.policeJusticeFigures',
            requiredScopes: [['police-justice:read']],
            missingScopes: [['police-justice:read']],
            serviceName: 'police-justice',
          },
        },
      ],
    };
    expect(await graph.queryWith(writer, stalingrad2023)).toEqual(refused);
    // Other partners' sector figures are served: the writer cannot move them.
    const social = await graph.queryWith(
      writer,
      '{ sector(code: "stalingrad") { socialFigures { outreachRounds { year(year: 2023) { value } } } } }',
    );
    expect(social.errors).toBeUndefined();

    const recorded = await graph.queryWith<{ recordPoliceOperation: { operation: { sector: { policeJusticeFigures: unknown } } } }>(
      writer,
      `mutation RecordOperation($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) {
        operation { date sector { code policeJusticeFigures { policeOperations { year(year: 2023) { value } } } } } } }`,
      {
        input: {
          idempotencyKey: 'differencing-stalingrad-2023',
          date: '2023-06-15',
          sector: 'stalingrad',
          kind: 'CLEARANCE',
          description: 'Évacuation d’un regroupement de consommateurs',
          leadPartner: 'pref-police',
        },
      },
    );
    // Recorded, but the figures through the mutation's answer are refused as well.
    expect(recorded.data?.recordPoliceOperation.operation.sector.policeJusticeFigures).toBeNull();
    expect(recorded.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await graph.queryWith(writer, stalingrad2023)).toEqual(refused);

    // Its partner's readers, who may count every operation anyway, are served the figures (suppressed as for anyone).
    const policeReader = await mintToken({
      agent: 'police-analyst',
      partner: 'pref-police',
      scopes: ['police-justice:read', 'police-justice:write', 'report:read'],
    });
    const read = await graph.queryWith<{ sector: { policeJusticeFigures: unknown } }>(policeReader, stalingrad2023);
    expect(read.errors).toBeUndefined();
    expect(read.data?.sector.policeJusticeFigures).not.toBeNull();
  });
});
