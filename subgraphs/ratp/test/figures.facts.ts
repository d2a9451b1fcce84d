import { communique, type CommuniqueFact } from '../../../test/support/facts.js';

const metro = (code: string) => ({ code, mode: 'METRO' });

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'R1',
    fact: "Underground outreach in close link with RATP's own work",
    // The joint patrols are synthetic (seeded); the same values as subgraphs/ratp/test/subgraph.test.ts.
    operation: communique('UndergroundOutreach'),
    expected: {
      planAction: { title: 'Créer des maraudes en sous-sol avec la RATP', leadPartner: { code: 'ville-paris' } },
      // The sectors' patrols of subgraphs/ratp/test/subgraph.test.ts added up (276 + 273 + 260 + 340 + 265 + 332, and their agents); days are distinct over all sectors.
      ratpJointPatrolSummary: {
        patrols: 1746,
        days: 334,
        ratpAgents: 5189,
        sectors: ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'].map((code) => ({ code })),
      },
      // Like for like by default: 2023 to 30 November against 2022 to 30 November (+28), not the whole of 2022 (1,871: −125).
      year: {
        ratp: {
          jointPatrols: {
            value: 1746,
            coverage: { from: '2023-01-01', to: '2023-11-30', complete: false },
            previousValue: 1718,
            change: 28,
            comparison: { fromPeriod: { from: '2022-01-01', to: '2022-11-30' }, likeForLike: true },
          },
        },
      },
    },
  },
  {
    id: 'R2',
    fact: 'RATP is a signatory partner and covers the metro and RER stations of the sectors',
    operation: communique('RatpStations'),
    expected: {
      partner: { code: 'ratp', kind: 'TRANSPORT', signatory: true },
      sectors: [
        {
          code: 'canal-ourcq',
          stations: [
            { code: 'laumiere', lines: [metro('M5')] },
            { code: 'ourcq', lines: [metro('M5')] },
          ],
        },
        {
          code: 'eole',
          stations: [
            { code: 'la-chapelle', lines: [metro('M2')] },
            { code: 'marx-dormoy', lines: [metro('M12')] },
          ],
        },
        { code: 'forceval', stations: [{ code: 'porte-de-la-villette', lines: [metro('M7')] }] },
        { code: 'porte-de-la-chapelle', stations: [{ code: 'porte-de-la-chapelle', lines: [metro('M12')] }] },
        {
          code: 'rosa-parks',
          stations: [
            { code: 'corentin-cariou', lines: [metro('M7')] },
            { code: 'rosa-parks', lines: [{ code: 'RER-E', mode: 'RER' }] },
          ],
        },
        {
          code: 'stalingrad',
          stations: [
            { code: 'jaures', lines: [metro('M2'), metro('M5'), metro('M7B')] },
            { code: 'stalingrad', lines: [metro('M2'), metro('M5'), metro('M7')] },
          ],
        },
      ],
    },
  },
];
