import { communique, type CommuniqueFact } from '../../../test/support/facts.js';

const sectorCodes = ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'];

export const facts: readonly CommuniqueFact[] = [
  {
    id: 'S1',
    fact: 'Porte de la Chapelle rest space: about 150 users a day; renovated and enlarged in Oct 2023',
    operation: communique('RestSpaceAttendance'),
    expected: {
      receptionSite: {
        name: 'Espace de repos de la Porte de la Chapelle',
        kind: 'REST_SPACE',
        sector: { code: 'porte-de-la-chapelle', name: 'Porte de la Chapelle' },
        funders: [
          { code: 'ars-idf', name: 'Agence régionale de santé Île-de-France' },
          { code: 'ville-paris', name: 'Ville de Paris' },
        ],
        history: [
          { date: '2021-06-01', kind: 'OPENED' },
          { date: '2023-10-02', kind: 'RENOVATED_AND_ENLARGED' },
        ],
        attendance: { days: 30, visits: 4500, averagePerDay: 150, minVisits: 145, maxVisits: 155 },
      },
    },
  },
  {
    id: 'S2',
    fact: '2023: 36,741 visits (+5,500 on 2022)',
    operation: communique('RestSpaceVisits2023'),
    expected: {
      socialFigures: { restSpaceVisits: { compare: { fromValue: 31_241, toValue: 36_741, change: 5_500, likeForLike: false } } },
      year: {
        social: {
          restSpaceVisits: { value: 36_741, coverage: { to: '2023-11-30', complete: false }, previousValue: 31_241, change: 5_500 },
        },
      },
    },
  },
  {
    id: 'S3',
    fact: '2023: 3,565 people cared for (+1,000), of whom 380 women (+130)',
    operation: communique('PeopleCaredFor2023'),
    expected: {
      socialFigures: {
        peopleCaredFor: { compare: { fromValue: 2_565, toValue: 3_565, change: 1_000, likeForLike: false } },
        womenCaredFor: { compare: { fromValue: 250, toValue: 380, change: 130 } },
      },
      year: { social: { peopleCaredFor: { value: 3_565, change: 1_000 }, womenCaredFor: { value: 380, change: 130 } } },
    },
  },
  {
    id: 'S4',
    fact: '2023: over 3,000 nursing acts (+1,600) and 1,000 rights-access acts at the rest space',
    // One query, two owners: social runs the site and counts rights-access acts, health staffs it and counts nursing acts.
    operation: communique('RestSpaceCareActs2023'),
    expected: {
      // Every nursing act of the plan is performed at this rest space: the plan-wide series is the site's.
      receptionSite: { name: 'Espace de repos de la Porte de la Chapelle' },
      year: { social: { rightsAccessActs: { value: 1_000 } }, health: { nursingActs: { value: 3_050, change: 1_600 } } },
    },
  },
  {
    id: 'S5',
    fact: 'Outreach rounds cover all of eastern Paris 7 days a week, twice a day, above and below ground',
    operation: communique('OutreachCoverage'),
    expected: {
      outreachCoverage: {
        daysInRange: 699,
        daysCovered: 699,
        daysWithBothSlots: 699,
        daysWithBothLevels: 699,
        daysFullyCovered: 699,
        weekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
        slots: ['MORNING', 'EVENING'],
        levels: ['SURFACE', 'UNDERGROUND'],
        sectors: sectorCodes.map((code) => ({ code })),
      },
    },
  },
  {
    id: 'S6',
    fact: 'New mobile teams answer reports from residents, shopkeepers and district mayors',
    // Synthetic counts: reports answered by the UASA mobile teams under action 2.04.
    operation: communique('MobileTeamsAnswerReports'),
    expected: {
      planAction: {
        id: '2.04',
        residentReports: {
          received: 330,
          handled: 313,
          averageHandlingMinutes: 156,
          reporterKinds: ['RESIDENT', 'SHOPKEEPER', 'DISTRICT_MAYOR'],
        },
      },
    },
  },
  {
    id: 'S7',
    fact: 'Public meeting with Rosa Parks residents on 18 Oct 2023',
    operation: communique('RosaParksPublicMeeting'),
    expected: {
      publicMeetings: [
        {
          date: '2023-10-18',
          title: 'Réunion publique avec les riverains du quartier Rosa Parks',
          audience: 'RESIDENTS',
          sector: { code: 'rosa-parks', name: 'Rosa Parks' },
        },
      ],
    },
  },
];
