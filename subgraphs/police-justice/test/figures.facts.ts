import { communique, type CommuniqueFact } from '../../../test/support/facts.js';

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'J1',
    fact: 'Forceval square (19e) consumption scene dismantled on 5 Oct 2022',
    operation: communique('ForcevalDismantling'),
    expected: {
      sceneDismantlings: [
        {
          date: '2022-10-05',
          sector: { code: 'forceval', name: 'Square Forceval', arrondissements: [19] },
          leadPartner: { code: 'pref-police', name: 'Préfecture de police' },
        },
      ],
    },
  },
  {
    id: 'J2',
    fact: 'Several hundred police and gendarmes deployed daily, day and night, on Stalingrad, Eole, Porte de la Chapelle, Rosa Parks and the Canal de l’Ourcq quays',
    operation: communique('PoliceDeploymentSummary'),
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
    operation: communique('EvictionsOfReformingScenes'),
    expected: {
      policeEvictionSummary: { evictions: 245, consumersEvicted: 2628, reformingScenesEnded: 100 },
    },
  },
  {
    id: 'J4',
    fact: '25 traffickers deported in 2023',
    operation: communique('TraffickersDeported2023'),
    expected: { year: { policeJustice: { deportations: { year: 2023, value: 25 } } } },
  },
  {
    id: 'J5',
    fact: 'Prosecutable cases +46 % since 2022',
    operation: communique('ProsecutableCasesSince2022'),
    // The communiqué compared 2023 to 30 November with the whole of 2022: the answer says so.
    expected: {
      policeJusticeFigures: {
        prosecutableCases: {
          compare: {
            fromValue: 500,
            toValue: 730,
            change: 230,
            changePercent: 46,
            likeForLike: false,
            fromPeriod: { from: '2022-01-01', to: '2022-12-31', complete: true },
            toPeriod: { from: '2023-01-01', to: '2023-11-30', complete: false },
          },
        },
      },
    },
  },
  {
    id: 'J6',
    fact: 'Immediate appearances rose from 117 to 226',
    operation: communique('ImmediateAppearancesSince2022'),
    expected: {
      policeJusticeFigures: {
        immediateAppearances: { compare: { fromValue: 117, toValue: 226, change: 109, changePercent: 93.2, likeForLike: false } },
      },
    },
  },
  {
    id: 'J7',
    fact: 'Sentences from a few months to several years, with bans from the area or from French territory',
    operation: communique('JudicialSentences2023'),
    expected: {
      judicialSentenceSummaries: [
        { year: 2023, sentences: 192, minPrisonMonths: 3, maxPrisonMonths: 60, withAreaBan: 114, withTerritoryBan: 63 },
      ],
    },
  },
  {
    id: 'J8',
    fact: 'Therapeutic injunctions +18 % on the previous year',
    operation: communique('TherapeuticInjunctions2023'),
    expected: {
      year: {
        policeJustice: {
          // The last injunction of the data was ordered on 29 November.
          therapeuticInjunctions: {
            value: 295,
            coverage: { from: '2023-01-01', to: '2023-11-29', complete: false },
            previousValue: 250,
            change: 45,
            changePercent: 18,
          },
        },
      },
    },
  },
];
