import { communique, type CommuniqueFact } from '../../../test/support/facts.js';

const years = (first: number, values: readonly number[]) => values.map((value, i) => ({ year: first + i, value }));

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'H1',
    fact: 'ASSORE supported hotel housing: 610 places, three times 2019',
    operation: communique('AssorePlaces'),
    expected: {
      healthFigures: {
        assorePlaces: { years: years(2019, [203, 330, 420, 520, 610]), compare: { fromValue: 203, toValue: 610, ratio: 3 } },
      },
      year: { health: { assorePlaces: { value: 610, previousValue: 520, change: 90 } } },
    },
  },
  {
    id: 'H2',
    fact: 'INSERM / HCL evaluation (Nov 2022): consumption −87 %, 19 % stopped entirely',
    operation: communique('InsermEvaluation'),
    expected: {
      healthEvaluations: [
        {
          evaluator: 'INSERM — Hospices Civils de Lyon',
          publishedOn: '2022-11-15',
          facilityKind: 'SUPPORTED_HOTEL_HOUSING',
          cohortSize: 100,
          consumptionChangePercent: -87,
          stoppedEntirelyPercent: 19,
        },
      ],
    },
  },
  {
    id: 'H3',
    fact: '24/48 h mixed assessment unit at GHU-PPN Sainte-Anne',
    operation: communique('AssessmentUnit'),
    expected: {
      healthFacilities: [
        {
          name: 'Unité d’évaluation et d’orientation 24/48 h — GHU-PPN Hôpital Sainte-Anne',
          specialties: ['SOMATIC', 'PSYCHIATRIC', 'ADDICTION'],
          assessmentWindow: { minHours: 24, maxHours: 48 },
          operator: { code: 'ghu-paris', name: 'GHU Paris psychiatrie et neurosciences' },
          planAction: { id: '1.07', title: 'Créer une unité d’évaluation 24/48 h à Sainte-Anne' },
        },
      ],
    },
  },
  {
    id: 'H4',
    fact: 'More dedicated addiction and psychiatry hospital places',
    operation: communique('HospitalPlaces'),
    expected: {
      healthFigures: {
        hospitalAddictionPlaces: { years: years(2019, [20, 28, 38, 50, 64]), compare: { change: 44 } },
        hospitalPsychiatryPlaces: { years: years(2019, [10, 16, 22, 30, 40]), compare: { change: 30 } },
      },
    },
  },
  {
    id: 'H5',
    fact: 'Regional scheme since end 2022: 71 people admitted in 11 regions by 31 Oct 2023',
    operation: communique('RegionalAdmissions'),
    expected: { healthRegionalAdmissionSummary: { admissions: 71, regionCount: 11 } },
  },
  {
    id: 'H6',
    fact: 'Mobile hospital teams with nurses, psychologists, psychiatrists',
    operation: communique('MobileHospitalTeams'),
    expected: {
      healthMobileTeams: [
        {
          name: 'Équipe mobile hospitalière AP-HP Paris Nord',
          operator: { code: 'ap-hp' },
          staff: [
            { role: 'ADDICTOLOGIST', count: 1 },
            { role: 'NURSE', count: 4 },
            { role: 'PSYCHIATRIST', count: 1 },
            { role: 'PSYCHOLOGIST', count: 1 },
          ],
        },
        {
          name: 'Équipe mobile psychiatrie précarité GHU Paris Est',
          operator: { code: 'ghu-paris' },
          staff: [
            { role: 'NURSE', count: 3 },
            { role: 'PSYCHIATRIST', count: 1 },
            { role: 'PSYCHOLOGIST', count: 2 },
            { role: 'SOCIAL_WORKER', count: 1 },
          ],
        },
      ],
      planAction: {
        title: 'Déployer des équipes mobiles hospitalières',
        hospitalMobileTeams: [{ id: 'emh-aphp-addictologie' }, { id: 'emh-aphp-paris-nord' }, { id: 'emh-ghu-paris-est' }],
      },
    },
  },
];
