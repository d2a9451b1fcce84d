import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperation } from '../../operations/index.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

const sectorPage = registeredOperation('dashboard', 'SectorPage').body;
const crossAgencyReport = registeredOperation('cross-agency-report', 'CrossAgencyReport').body;

interface Figure {
  value: number | null;
  change: number | null;
  /** Per-sector figures only: why a small count is hidden. */
  suppressed?: { reason: string; threshold: number } | null;
}
/** Partner → metric → that year's figure (null when the partner has no row that year). */
type PartnerFigures = Record<string, Record<string, Figure | null>>;
interface CrossAgencyReportData {
  year: PartnerFigures & { year: number };
  sectors: ({ code: string; name: string } & Record<string, Record<string, { year: Figure | null }>>)[];
}
/** Where each partner's per-sector series sit on Sector, for its plan-wide field on Year. */
const sectorFieldOf = {
  policeJustice: 'policeJusticeFigures',
  health: 'healthFigures',
  social: 'socialFigures',
  ratp: 'ratpFigures',
} as const;
const year2023 = { from: '2023-01-01', to: '2023-11-30' };

interface SectorPageData {
  sectors: {
    code: string;
    policeEvictions: { evictions: number };
    residentReports: { received: number };
    stationIncidents: { total: number };
  }[];
}

/** The data size the sector page is measured at: scale multiplies the synthetic detail rows. */
const largerScale = 10;

describe.each(testEngines)('dashboards and reports through the gateway on $kind', (engine) => {
  let graph: RunningGraph;
  let largerGraph: RunningGraph;
  beforeAll(async () => {
    // What a query costs cold: the gateway's response cache would answer repeats without any subgraph (test/gateway/cache.test.ts).
    const cold = { gatewayEnv: { RESPONSE_CACHE: 'false' } };
    graph = await startGraph(engine, 'sector', { scale: 1 }, cold);
    largerGraph = await startGraph(engine, 'sector_x4', { scale: largerScale }, cold);
  });
  afterAll(async () => {
    await graph?.stop();
    await largerGraph?.stop();
  });

  it('answers one sector with data from all five subgraphs', async () => {
    const { data, errors } = await graph.query(
      `query ($from: Date!, $to: Date!) { sector(code: "stalingrad") {
        name arrondissements
        policeDeployments(from: $from, to: $to) { daysCovered daysWithBothShifts }
        careFacilities { kind operator { name } }
        outreachCoverage(from: $from, to: $to) { rounds daysWithBothSlots daysWithBothLevels weekdays }
        stations { code lines { code } }
      } }`,
      year2023,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      sector: {
        // plan
        name: 'Stalingrad',
        arrondissements: [10, 19],
        // police-justice: day and night, every day of 2023 up to the communiqué
        policeDeployments: { daysCovered: 334, daysWithBothShifts: 334 },
        // health, with the operator's name from plan
        careFacilities: [{ kind: 'HOSPITAL_ADDICTION_BEDS', operator: { name: 'Assistance publique – Hôpitaux de Paris' } }],
        // social: 334 days × 2 slots × 2 levels
        outreachCoverage: {
          rounds: 1336,
          daysWithBothSlots: 334,
          daysWithBothLevels: 334,
          weekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
        },
        // ratp
        stations: [
          { code: 'jaures', lines: [{ code: 'M2' }, { code: 'M5' }, { code: 'M7B' }] },
          { code: 'stalingrad', lines: [{ code: 'M2' }, { code: 'M5' }, { code: 'M7' }] },
        ],
      },
    });
  });

  it('sends the same SQL statements and subgraph calls whatever the number of rows behind it', async () => {
    graph.resetCounts();
    const small = await graph.query<SectorPageData>(sectorPage, year2023);
    const smallCounts = graph.counts();
    largerGraph.resetCounts();
    const large = await largerGraph.query<SectorPageData>(sectorPage, year2023);
    const largeCounts = largerGraph.counts();

    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    const total = (response: typeof small, pick: (sector: SectorPageData['sectors'][number]) => number) =>
      (response.data?.sectors ?? []).reduce((sum, sector) => sum + pick(sector), 0);
    // The larger graph really has more rows behind the page...
    expect(total(large, (s) => s.policeEvictions.evictions)).toBeGreaterThan(3 * total(small, (s) => s.policeEvictions.evictions));
    expect(total(large, (s) => s.residentReports.received)).toBe(largerScale * total(small, (s) => s.residentReports.received));
    expect(total(large, (s) => s.stationIncidents.total)).toBeGreaterThan(3 * total(small, (s) => s.stationIncidents.total));
    // ...and costs exactly the same statements, per subgraph, and the same subgraph calls.
    expect(largeCounts).toEqual(smallCounts);
    expect(busy(smallCounts)).toEqual({
      plan: { statements: 2, operations: 2 },
      'police-justice': { statements: 3, operations: 1 },
      health: { statements: 5, operations: 2 },
      social: { statements: 5, operations: 1 },
      ratp: { statements: 7, operations: 2 },
    });
  });

  it('lists each sector’s first 5 police operations of the range, oldest first, as the unbounded list begins', async () => {
    // At scale 1 two sectors have fewer than 5 in the range, at scale 10 every sensitive one has more; Forceval, dismantled in 2022, none.
    const cases = [
      { running: graph, lengths: [3, 3, 0, 5, 5, 4] },
      { running: largerGraph, lengths: [5, 5, 0, 5, 5, 5] },
    ];
    for (const { running, lengths } of cases) {
      const page = await running.query<{ sectors: { code: string; policeOperations: { date: string; kind: string }[] }[] }>(
        sectorPage,
        year2023,
      );
      expect(page.errors).toBeUndefined();
      const sectors = page.data?.sectors ?? [];
      expect(sectors.map((sector) => sector.code)).toEqual([
        'canal-ourcq',
        'eole',
        'forceval',
        'porte-de-la-chapelle',
        'rosa-parks',
        'stalingrad',
      ]);
      for (const sector of sectors) {
        const all = await running.query<{ policeOperations: { date: string; kind: string }[] }>(
          'query ($from: Date!, $to: Date!, $sector: ID!) { policeOperations(from: $from, to: $to, sector: $sector) { date kind } }',
          { ...year2023, sector: sector.code },
        );
        expect(all.errors).toBeUndefined();
        expect({ sector: sector.code, operations: sector.policeOperations }).toEqual({
          sector: sector.code,
          operations: all.data?.policeOperations.slice(0, 5),
        });
      }
      expect(sectors.map((sector) => sector.policeOperations.length)).toEqual(lengths);
    }
  });

  it('answers a year with every partner’s figures, each with its change on the year before', async () => {
    const { data, errors } = await graph.query(`{ year(year: 2023) {
      year
      committeeMeetings { date }
      policeJustice { immediateAppearances { value previousValue change } }
      health { nursingActs { value previousValue change } }
      social { restSpaceVisits { value previousValue change } }
      ratp { jointPatrols { value previousValue change } }
    } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      year: {
        year: 2023,
        committeeMeetings: [{ date: '2023-11-29' }],
        // 2023 ends on 30 November: each change is on 1 January to 30 November 2022 (the communiqué's whole-year ones are in subgraphs/*/test/figures.facts.ts).
        policeJustice: { immediateAppearances: { value: 226, previousValue: 107, change: 119 } },
        health: { nursingActs: { value: 3050, previousValue: 1306, change: 1744 } },
        social: { restSpaceVisits: { value: 36741, previousValue: 28366, change: 8375 } },
        ratp: { jointPatrols: { value: 1746, previousValue: 1718, change: 28 } },
      },
    });
  });

  /** The per-sector cells the default threshold (5) hides, by year: small police operation counts. */
  const suppressedCells: Record<number, string[]> = {
    2022: ['policeOperations forceval BELOW_THRESHOLD', 'policeOperations porte-de-la-chapelle RECOVERABLE_BY_SUBTRACTION'],
    2023: [
      'policeOperations canal-ourcq BELOW_THRESHOLD',
      'policeOperations eole BELOW_THRESHOLD',
      'policeOperations porte-de-la-chapelle RECOVERABLE_BY_SUBTRACTION',
      'policeOperations stalingrad BELOW_THRESHOLD',
    ],
  };

  it.each([2022, 2023])(
    'the cross-agency report of %i: every partner’s sector figures add up to its plan-wide figure, and no small count can be told',
    async (year) => {
      const { data, errors } = await graph.query<CrossAgencyReportData>(crossAgencyReport, { year });
      expect(errors).toBeUndefined();
      const report = data!;
      expect(report.sectors).toHaveLength(6);
      let compared = 0;
      const suppressed: string[] = [];
      for (const [partner, sectorField] of Object.entries(sectorFieldOf)) {
        for (const [metric, planWide] of Object.entries(report.year[partner as keyof typeof sectorFieldOf] ?? {})) {
          const cells = report.sectors.map((sector) => ({ code: sector.code, figure: sector[sectorField]?.[metric]?.year ?? null }));
          const hidden = cells.filter((cell) => cell.figure?.suppressed);
          for (const cell of hidden) {
            expect(cell.figure).toMatchObject({ value: null, change: null, suppressed: { threshold: 5 } });
            suppressed.push(`${metric} ${cell.code} ${cell.figure!.suppressed!.reason}`);
          }
          // A sector without rows that year has no figure: it adds nothing. (The changes follow: both years add up.)
          const shown = cells.reduce((total, cell) => total + (cell.figure?.value ?? 0), 0);
          if (hidden.length === 0) {
            expect({ partner, metric, value: shown }).toEqual({ partner, metric, value: planWide?.value ?? 0 });
          } else {
            // Never one hidden cell alone: the plan-wide figure minus the others would give it away.
            expect(hidden.length).toBeGreaterThanOrEqual(2);
            expect(shown).toBeLessThan(planWide?.value ?? 0);
          }
          compared += 1;
        }
      }
      expect(compared).toBe(11);
      expect(suppressed.sort()).toEqual(suppressedCells[year]);
    },
  );

  it('costs the same statements and subgraph calls for the cross-agency report at ten times the rows', async () => {
    graph.resetCounts();
    expect((await graph.query(crossAgencyReport, { year: 2023 })).errors).toBeUndefined();
    const smallCounts = graph.counts();
    largerGraph.resetCounts();
    expect((await largerGraph.query(crossAgencyReport, { year: 2023 })).errors).toBeUndefined();
    expect(largerGraph.counts()).toEqual(smallCounts);
    // One call per partner for the year, one for the sectors' figures, plus plan's two root fields.
    expect(Object.fromEntries(Object.entries(busy(smallCounts)).map(([name, counts]) => [name, counts.operations]))).toEqual({
      plan: 1,
      'police-justice': 2,
      health: 2,
      social: 2,
      ratp: 2,
    });
  });
});

/** The subgraphs that did any work: a subgraph added to the registry (npm run subgraph:new) is not called by these pages. */
function busy(counts: ReturnType<RunningGraph['counts']>): Partial<ReturnType<RunningGraph['counts']>> {
  return Object.fromEntries(Object.entries(counts).filter(([, { statements, operations }]) => statements + operations > 0));
}
