import type { CommuniqueFact } from '../support/facts.js';

/** The same values as test/subgraphs/police-justice.test.ts asserts on the subgraph alone. */
const compare = 'compare(from: 2022, to: 2023) { fromValue toValue change changePercent }';

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'J1',
    fact: 'Forceval square (19e) consumption scene dismantled on 5 Oct 2022',
    query: '{ policeOperations(kind: DISMANTLING, sector: "forceval") { date kind description sector { code name arrondissements } leadPartner { code name } } }',
    expected: {
      policeOperations: [
        {
          date: '2022-10-05',
          kind: 'DISMANTLING',
          description: 'Démantèlement définitif de la scène de consommation du square Forceval (19e)',
          sector: { code: 'forceval', name: 'Square Forceval', arrondissements: [19] },
          leadPartner: { code: 'pref-police', name: 'Préfecture de police' },
        },
      ],
    },
  },
  {
    id: 'J2',
    fact: 'Several hundred police and gendarmes deployed daily, day and night, on Stalingrad, Eole, Porte de la Chapelle, Rosa Parks and the Canal de l’Ourcq quays',
    query: `{ policeDeploymentSummary(from: "2022-10-06", to: "2023-11-30") { sectors { code name } daysCovered daysWithBothShifts
        minSectorsPerDayAndShift minDailyOfficers averageDailyOfficers maxDailyOfficers } }`,
    expected: {
      policeDeploymentSummary: {
        sectors: [
          { code: 'canal-ourcq', name: "Quais du Canal de l'Ourcq" },
          { code: 'eole', name: "Jardins d'Éole" },
          { code: 'porte-de-la-chapelle', name: 'Porte de la Chapelle' },
          { code: 'rosa-parks', name: 'Rosa Parks' },
          { code: 'stalingrad', name: 'Stalingrad' },
        ],
        daysCovered: 421,
        daysWithBothShifts: 421,
        minSectorsPerDayAndShift: 5,
        minDailyOfficers: 366,
        averageDailyOfficers: 437.9,
        maxDailyOfficers: 504,
      },
    },
  },
  {
    id: 'J3',
    fact: 'Immediate eviction of consumers when a scene re-forms',
    query: `{ policeEvictionSummary(from: "2022-10-06", to: "2023-11-30") { evictions consumersEvicted reformingScenesEnded }
        sector(code: "forceval") { name policeEvictions(from: "2022-10-06", to: "2023-11-30") { evictions } } }`,
    expected: {
      policeEvictionSummary: { evictions: 245, consumersEvicted: 2628, reformingScenesEnded: 100 },
      sector: { name: 'Square Forceval', policeEvictions: { evictions: 0 } },
    },
  },
  {
    id: 'J4',
    fact: '25 traffickers deported in 2023',
    query: '{ year(year: 2023) { policeJustice { deportations { year value } } } }',
    expected: { year: { policeJustice: { deportations: { year: 2023, value: 25 } } } },
  },
  {
    id: 'J5',
    fact: 'Prosecutable cases +46 % since 2022',
    query: `{ policeJusticeFigures { prosecutableCases { ${compare} } } }`,
    expected: { policeJusticeFigures: { prosecutableCases: { compare: { fromValue: 500, toValue: 730, change: 230, changePercent: 46 } } } },
  },
  {
    id: 'J6',
    fact: 'Immediate appearances rose from 117 to 226',
    query: `{ policeJusticeFigures { immediateAppearances { ${compare} } } }`,
    expected: { policeJusticeFigures: { immediateAppearances: { compare: { fromValue: 117, toValue: 226, change: 109, changePercent: 93.2 } } } },
  },
  {
    id: 'J7',
    fact: 'Sentences from a few months to several years, with bans from the area or from French territory',
    query: '{ judicialSentenceSummaries(year: 2023) { year sentences minPrisonMonths maxPrisonMonths withAreaBan withTerritoryBan } }',
    expected: {
      judicialSentenceSummaries: [{ year: 2023, sentences: 192, minPrisonMonths: 3, maxPrisonMonths: 60, withAreaBan: 114, withTerritoryBan: 63 }],
    },
  },
  {
    id: 'J8',
    fact: 'Therapeutic injunctions +18 % on the previous year',
    query: '{ year(year: 2023) { policeJustice { therapeuticInjunctions { value previousValue change changePercent } } } }',
    expected: { year: { policeJustice: { therapeuticInjunctions: { value: 295, previousValue: 250, change: 45, changePercent: 18 } } } },
  },
];
