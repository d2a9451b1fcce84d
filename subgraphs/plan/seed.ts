import type { DataSource } from 'typeorm';
import { isSectorCode, sectorCodes } from '../shared/sectors.js';
import type { SeedOptions } from '../shared/subgraph.js';
import {
  CommitteeMeeting,
  MeetingAttendance,
  Partner,
  Plan,
  PlanAction,
  PlanStep,
  Sector,
  StepPriority,
  type ActionStatus,
  type PlanAxis,
} from './entities/index.js';
import { PLAN_CODE } from './resolvers/Query.js';

/**
 * The plan as the communiqué of 30 November 2023 describes it. The partners, sectors, steps,
 * step-2 actions and the 29 November 2023 committee come from the communiqué; the titles of the
 * 40 step-1 actions and the earlier committee dates are synthetic, chosen so that 34 of 40
 * (85 %) are done totally or partially, as the communiqué says.
 */
export const partners: readonly Partner[] = [
  { code: 'pref-idf', name: "Préfecture de la région d'Île-de-France, préfecture de Paris", kind: 'STATE', signatory: true },
  { code: 'pref-police', name: 'Préfecture de police', kind: 'POLICE', signatory: true },
  { code: 'ville-paris', name: 'Ville de Paris', kind: 'LOCAL_AUTHORITY', signatory: true },
  { code: 'ars-idf', name: 'Agence régionale de santé Île-de-France', kind: 'HEALTH_AUTHORITY', signatory: true },
  { code: 'ratp', name: 'RATP', kind: 'TRANSPORT', signatory: true },
  {
    code: 'mildeca',
    name: 'Mission interministérielle de lutte contre les drogues et les conduites addictives',
    kind: 'STATE',
    signatory: true,
  },
  { code: 'ap-hp', name: 'Assistance publique – Hôpitaux de Paris', kind: 'HOSPITAL', signatory: true },
  { code: 'parquet-paris', name: 'Parquet de Paris', kind: 'JUSTICE', signatory: false },
  { code: 'ghu-paris', name: 'GHU Paris psychiatrie et neurosciences', kind: 'HOSPITAL', signatory: false },
];

export const sectors: readonly Sector[] = [
  { code: 'stalingrad', name: 'Stalingrad', arrondissements: ['10', '19'] },
  { code: 'eole', name: "Jardins d'Éole", arrondissements: ['18', '19'] },
  { code: 'porte-de-la-chapelle', name: 'Porte de la Chapelle', arrondissements: ['18'] },
  { code: 'rosa-parks', name: 'Rosa Parks', arrondissements: ['19'] },
  { code: 'canal-ourcq', name: "Quais du Canal de l'Ourcq", arrondissements: ['19'] },
  { code: 'forceval', name: 'Square Forceval', arrondissements: ['19'] },
];

/**
 * The other subgraphs refuse any sector filter outside the shared list (shared/sectors.ts), so the
 * sectors plan serves must be exactly those: a sector added or renamed here alone would be unreachable.
 */
export function checkSectorContract(rows: readonly Pick<Sector, 'code'>[]): void {
  const codes = rows.map((row) => row.code);
  const missing = sectorCodes.filter((code) => !codes.includes(code));
  const unknown = codes.filter((code) => !isSectorCode(code));
  const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    throw new Error(
      `plan's sectors must be exactly the shared sector codes (${sectorCodes.join(', ')}): ` +
        `missing [${missing.join(', ')}], not in the shared list [${unknown.join(', ')}], repeated [${repeated.join(', ')}]`,
    );
  }
}

const step1Actions: readonly [PlanAxis, string, string][] = [
  ['CARE_PATHWAY', 'ars-idf', 'Ouvrir des espaces de repos et de répit'],
  ['CARE_PATHWAY', 'ars-idf', 'Créer des places d’hébergement accompagné ASSORE'],
  ['CARE_PATHWAY', 'ars-idf', 'Déployer des équipes mobiles hospitalières'],
  ['CARE_PATHWAY', 'ap-hp', 'Renforcer les consultations d’addictologie'],
  ['CARE_PATHWAY', 'ars-idf', 'Augmenter les places d’addictologie hospitalière'],
  ['CARE_PATHWAY', 'ars-idf', 'Augmenter les places de psychiatrie dédiées'],
  ['CARE_PATHWAY', 'ars-idf', 'Créer une unité d’évaluation 24/48 h à Sainte-Anne'],
  ['CARE_PATHWAY', 'ars-idf', 'Étendre la distribution de matériel de réduction des risques'],
  ['CARE_PATHWAY', 'ars-idf', 'Financer des maraudes de réduction des risques'],
  ['CARE_PATHWAY', 'ars-idf', 'Ouvrir une salle de consommation supervisée supplémentaire'],
  ['CARE_PATHWAY', 'ap-hp', 'Créer des lits de sevrage dédiés'],
  ['CARE_PATHWAY', 'ars-idf', 'Former les équipes de premier recours'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Couvrir l’est parisien par des maraudes 7j/7'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Créer des maraudes en sous-sol avec la RATP'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Ouvrir un espace d’accueil à la Porte de la Chapelle'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Accompagner l’accès aux droits'],
  ['SOCIAL_PATHWAY', 'pref-idf', 'Mobiliser des places d’hébergement d’urgence'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Proposer des activités de jour'],
  ['SOCIAL_PATHWAY', 'pref-idf', 'Accompagner vers le logement'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Ouvrir un accueil de nuit'],
  ['SOCIAL_PATHWAY', 'pref-idf', 'Créer des parcours d’insertion professionnelle'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Accueillir les femmes usagères dans un lieu dédié'],
  ['CALM_PUBLIC_SPACE', 'pref-police', 'Démanteler les scènes de consommation ouvertes'],
  ['CALM_PUBLIC_SPACE', 'pref-police', 'Déployer des effectifs jour et nuit sur les secteurs sensibles'],
  ['CALM_PUBLIC_SPACE', 'pref-police', 'Évincer les consommateurs en cas de réimplantation'],
  ['CALM_PUBLIC_SPACE', 'ratp', 'Sécuriser les stations de métro et de RER des secteurs'],
  ['CALM_PUBLIC_SPACE', 'ville-paris', 'Nettoyer et réaménager les espaces publics'],
  ['CALM_PUBLIC_SPACE', 'ville-paris', 'Installer un éclairage public renforcé'],
  ['CALM_PUBLIC_SPACE', 'ratp', 'Coordonner la sûreté RATP et la police'],
  ['CALM_PUBLIC_SPACE', 'pref-police', 'Créer une cellule de coordination opérationnelle'],
  ['JUDICIAL_RESPONSE', 'parquet-paris', 'Poursuivre systématiquement les trafiquants'],
  ['JUDICIAL_RESPONSE', 'parquet-paris', 'Recourir aux comparutions immédiates'],
  ['JUDICIAL_RESPONSE', 'parquet-paris', 'Requérir des interdictions de paraître'],
  ['JUDICIAL_RESPONSE', 'parquet-paris', 'Ordonner des injonctions thérapeutiques'],
  ['JUDICIAL_RESPONSE', 'pref-police', 'Reconduire les trafiquants en situation irrégulière'],
  ['JUDICIAL_RESPONSE', 'parquet-paris', 'Créer une permanence dédiée au parquet'],
  ['RESIDENT_DIALOGUE', 'pref-idf', 'Tenir des comités de suivi avec les riverains'],
  ['RESIDENT_DIALOGUE', 'ville-paris', 'Publier un bilan annuel du plan'],
  ['RESIDENT_DIALOGUE', 'ville-paris', 'Créer un numéro de signalement pour les riverains'],
  ['RESIDENT_DIALOGUE', 'mildeca', 'Évaluer le plan de façon indépendante'],
];

/** 24 done, 10 partially done, 6 not done: 34 / 40 = 85 %. */
function step1Status(index: number): ActionStatus {
  const notDone = new Set([9, 10, 19, 21, 27, 38]);
  const partial = new Set([3, 7, 11, 16, 18, 20, 26, 29, 35, 37]);
  if (notDone.has(index)) return 'NOT_DONE';
  if (partial.has(index)) return 'PARTIALLY_DONE';
  return 'DONE';
}

/** Step 2 as the communiqué announces it. */
const step2Actions: readonly [PlanAxis, string, string, ActionStatus][] = [
  [
    'CALM_PUBLIC_SPACE',
    'pref-police',
    'Maintenir la mobilisation de la Préfecture de police aussi longtemps que nécessaire',
    'IN_PROGRESS',
  ],
  ['CALM_PUBLIC_SPACE', 'ville-paris', 'Renforcer la prévention situationnelle en 2024', 'PLANNED'],
  ['CALM_PUBLIC_SPACE', 'ville-paris', 'Renforcer les maraudes associatives de réduction des risques', 'IN_PROGRESS'],
  ['CALM_PUBLIC_SPACE', 'ville-paris', 'Créer des équipes mobiles de l’UASA pour répondre aux signalements', 'IN_PROGRESS'],
  ['CALM_PUBLIC_SPACE', 'pref-police', 'Coordonner les forces de l’ordre et les maraudes associatives', 'PLANNED'],
  ['CARE_PATHWAY', 'ars-idf', 'Fluidifier les places d’hébergement accompagné ASSORE', 'IN_PROGRESS'],
  ['CARE_PATHWAY', 'ars-idf', 'Augmenter les places de cure et de postcure', 'PLANNED'],
  ['CARE_PATHWAY', 'ars-idf', 'Monter en charge l’orientation hors Île-de-France', 'IN_PROGRESS'],
  ['SOCIAL_PATHWAY', 'pref-idf', 'Réinsérer par des activités ponctuelles rémunérées', 'PLANNED'],
  ['SOCIAL_PATHWAY', 'ville-paris', 'Renforcer les lieux d’accueil de jour et de nuit', 'PLANNED'],
  ['RESIDENT_DIALOGUE', 'pref-idf', 'Communiquer davantage avec les habitants des quartiers touchés', 'IN_PROGRESS'],
];

const allSignatories = partners.filter((p) => p.signatory).map((p) => p.code);

const meetings: readonly [CommitteeMeeting, readonly string[]][] = [
  [{ id: 'copil-2019-05', date: '2019-05-27', kind: 'STEERING_COMMITTEE', title: 'Signature du Plan crack' }, allSignatories],
  [{ id: 'copil-2020-06', date: '2020-06-16', kind: 'STEERING_COMMITTEE', title: 'Comité de pilotage du Plan crack' }, allSignatories],
  [{ id: 'copil-2021-06', date: '2021-06-24', kind: 'STEERING_COMMITTEE', title: 'Comité de pilotage du Plan crack' }, allSignatories],
  [
    { id: 'cosuivi-2022-10', date: '2022-10-20', kind: 'FOLLOW_UP_COMMITTEE', title: 'Comité de suivi après le démantèlement de Forceval' },
    ['pref-idf', 'pref-police', 'ville-paris', 'ars-idf'],
  ],
  [
    { id: 'copil-2023-11', date: '2023-11-29', kind: 'STEERING_COMMITTEE', title: 'Bilan de l’étape 1 et perspectives de l’étape 2' },
    allSignatories,
  ],
];

export async function seed(db: DataSource, _options: SeedOptions): Promise<void> {
  checkSectorContract(sectors);
  await db.transaction(async (tx) => {
    await tx.insert(Plan, { code: PLAN_CODE, name: 'Plan crack', signedOn: '2019-05-27' });
    await tx.insert(Partner, [...partners]);
    await tx.insert(Sector, [...sectors]);
    await tx.insert(PlanStep, [
      { number: 1, title: 'Construire les dispositifs de prise en charge « d’amont »', startYear: 2019, endYear: 2023 },
      {
        number: 2,
        title: 'Apaiser l’espace public et développer les parcours de prise en charge sanitaire et sociale',
        startYear: 2024,
        endYear: null,
      },
    ]);
    await tx.insert(StepPriority, [
      { stepNumber: 1, axis: 'CARE_PATHWAY', rank: 1 },
      { stepNumber: 1, axis: 'SOCIAL_PATHWAY', rank: 2 },
      { stepNumber: 1, axis: 'CALM_PUBLIC_SPACE', rank: 3 },
      { stepNumber: 2, axis: 'CALM_PUBLIC_SPACE', rank: 1 },
      { stepNumber: 2, axis: 'CARE_PATHWAY', rank: 2 },
      { stepNumber: 2, axis: 'SOCIAL_PATHWAY', rank: 3 },
    ]);
    const actionId = (step: number, index: number) => `${step}.${String(index + 1).padStart(2, '0')}`;
    await tx.insert(PlanAction, [
      ...step1Actions.map(([axis, lead, title], i) => ({
        id: actionId(1, i),
        stepNumber: 1,
        title,
        axis,
        status: step1Status(i),
        leadPartnerCode: lead,
      })),
      ...step2Actions.map(([axis, lead, title, status], i) => ({
        id: actionId(2, i),
        stepNumber: 2,
        title,
        axis,
        status,
        leadPartnerCode: lead,
      })),
    ]);
    await tx.insert(
      CommitteeMeeting,
      meetings.map(([meeting]) => meeting),
    );
    await tx.insert(
      MeetingAttendance,
      meetings.flatMap(([meeting, attendees]) => attendees.map((partnerCode) => ({ meetingId: meeting.id, partnerCode }))),
    );
  });
}
