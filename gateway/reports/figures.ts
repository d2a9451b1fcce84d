/**
 * The figures of the cross-agency report (/reports), in the order the page and the CSV give them:
 * where each is in the registered operations of operations/reports/ (`Year.<partner>.<field>`,
 * `<partner>Figures.<field>`, `Sector.<partner>Figures.<field>`) and what the committee calls it.
 * The page reads this list from the HTML it is served with, so labels exist once.
 */
export type ReportPartner = 'policeJustice' | 'health' | 'social' | 'ratp';

export interface ReportFigure {
  /** `<partner>.<field>`, how the page's controls and the CSV's rows name it. */
  readonly id: string;
  readonly partner: ReportPartner;
  readonly field: string;
  /** In French, as the committee's handout prints it. */
  readonly label: string;
  /** What one unit is, in French, plural. */
  readonly unit: string;
}

export const reportPartners: Readonly<Record<ReportPartner, string>> = {
  policeJustice: 'Préfecture de police et Parquet',
  health: 'ARS et hôpitaux',
  social: 'Ville de Paris',
  ratp: 'RATP',
};

const figure = (partner: ReportPartner, field: string, label: string, unit: string): ReportFigure => ({
  id: `${partner}.${field}`,
  partner,
  field,
  label,
  unit,
});

export const reportFigures: readonly ReportFigure[] = [
  figure('policeJustice', 'evictions', 'Évictions', 'évictions'),
  figure('policeJustice', 'evictedConsumers', 'Personnes évincées', 'personnes'),
  figure('policeJustice', 'policeOperations', 'Opérations de police', 'opérations'),
  figure('policeJustice', 'officerShifts', 'Policiers déployés (vacations)', 'vacations'),
  figure('policeJustice', 'prosecutableCases', 'Affaires poursuivables', 'affaires'),
  figure('policeJustice', 'therapeuticInjunctions', 'Injonctions thérapeutiques', 'injonctions'),
  figure('health', 'hospitalTeamInterventions', 'Sorties des équipes mobiles hospitalières', 'sorties'),
  figure('social', 'outreachRounds', 'Maraudes', 'maraudes'),
  figure('social', 'residentReports', 'Signalements de riverains', 'signalements'),
  figure('ratp', 'incidents', 'Incidents en station', 'incidents'),
  figure('ratp', 'jointPatrols', 'Maraudes conjointes avec la RATP', 'maraudes'),
];

/** The scope that opens the per-sector figures (`Sector.<partner>Figures`), as the subgraphs' SDL requires it. */
export const sectorFiguresScope = 'report:read';
