import { communique, type CommuniqueFact } from '../support/facts.js';

const metro = (code: string) => ({ code, mode: 'METRO' });

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'R1',
    fact: "Underground outreach in close link with RATP's own work",
    // The joint patrols are synthetic (seeded); the same values as test/subgraphs/ratp.test.ts.
    operation: communique('UndergroundOutreach'),
    expected: {
      planAction: { title: 'Créer des maraudes en sous-sol avec la RATP', leadPartner: { code: 'ville-paris' } },
      sectors: [
        { code: 'canal-ourcq', ratpJointPatrols: { patrols: 276, days: 276, ratpAgents: 821 } },
        { code: 'eole', ratpJointPatrols: { patrols: 273, days: 273, ratpAgents: 808 } },
        { code: 'forceval', ratpJointPatrols: { patrols: 260, days: 260, ratpAgents: 762 } },
        { code: 'porte-de-la-chapelle', ratpJointPatrols: { patrols: 340, days: 272, ratpAgents: 1027 } },
        { code: 'rosa-parks', ratpJointPatrols: { patrols: 265, days: 265, ratpAgents: 760 } },
        { code: 'stalingrad', ratpJointPatrols: { patrols: 332, days: 270, ratpAgents: 1011 } },
      ],
      year: { ratp: { jointPatrols: { value: 1746, previousValue: 1871, change: -125 } } },
    },
  },
  {
    id: 'R2',
    fact: 'RATP is a signatory partner and covers the metro and RER stations of the sectors',
    operation: communique('RatpStations'),
    expected: {
      partner: { code: 'ratp', kind: 'TRANSPORT', signatory: true },
      sectors: [
        { code: 'canal-ourcq', stations: [{ code: 'laumiere', lines: [metro('M5')] }, { code: 'ourcq', lines: [metro('M5')] }] },
        { code: 'eole', stations: [{ code: 'la-chapelle', lines: [metro('M2')] }, { code: 'marx-dormoy', lines: [metro('M12')] }] },
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
