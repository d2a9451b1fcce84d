import { communique, type CommuniqueFact } from '../../../test/support/facts.js';

const signatories = ['ap-hp', 'ars-idf', 'mildeca', 'pref-idf', 'pref-police', 'ratp', 'ville-paris'];

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'P1',
    fact: 'Plan crack signed in 2019 by the partners listed in the communiqué',
    operation: communique('PlanSignatories'),
    expected: { plan: { name: 'Plan crack', signedOn: '2019-05-27', signatories: signatories.map((code) => ({ code })) } },
  },
  {
    id: 'P2',
    fact: 'Step 1: 85 % of its actions done totally or partially',
    operation: communique('StepOneCompletion'),
    expected: { planStep: { completion: { total: 40, done: 24, partiallyDone: 10, doneOrPartiallyDonePercent: 85 } } },
  },
  {
    id: 'P3',
    fact: 'Steering committee met on 29 Nov 2023',
    operation: communique('SteeringCommittee2023'),
    expected: {
      year: { steeringCommittees: [{ date: '2023-11-29', kind: 'STEERING_COMMITTEE', attendees: signatories.map((code) => ({ code })) }] },
    },
  },
  {
    id: 'P4',
    fact: 'Step 2 priorities: calm public space, care and social pathways',
    operation: communique('StepTwoPriorities'),
    expected: {
      planStep: {
        priorities: ['CALM_PUBLIC_SPACE', 'CARE_PATHWAY', 'SOCIAL_PATHWAY'],
        actions: [
          { title: 'Fluidifier les places d’hébergement accompagné ASSORE', leadPartner: { code: 'ars-idf' } },
          { title: 'Augmenter les places de cure et de postcure', leadPartner: { code: 'ars-idf' } },
          { title: 'Monter en charge l’orientation hors Île-de-France', leadPartner: { code: 'ars-idf' } },
        ],
      },
    },
  },
];
