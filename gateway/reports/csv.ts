/**
 * The report as open data: `/reports/<year>.csv` (RFC 4180: UTF-8, commas, CRLF, one header row,
 * fields quoted when they hold a comma, a quote or a line break) and the TableSchema of its
 * columns, `/reports/schema.json` (frictionlessdata.io/specs/table-schema), as French open-data
 * publication (data.gouv.fr, schema.data.gouv.fr) asks.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportRow } from './report.js';

interface Column {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly type: 'integer' | 'number' | 'string' | 'date';
  readonly constraints?: Readonly<Record<string, unknown>>;
  readonly value: (row: ReportRow) => string | number | null;
}

const columns: readonly Column[] = [
  {
    name: 'year',
    title: 'Année',
    description: "L'année civile du rapport.",
    type: 'integer',
    constraints: { required: true },
    value: (row) => row.year,
  },
  {
    name: 'sector',
    title: 'Secteur',
    description: 'Le code du secteur du plan ; vide pour la ligne de l’ensemble du plan.',
    type: 'string',
    value: (row) => row.sector,
  },
  {
    name: 'sector_name',
    title: 'Nom du secteur',
    description: 'Le nom du secteur, ou « Ensemble du plan ».',
    type: 'string',
    constraints: { required: true },
    value: (row) => row.sectorName,
  },
  {
    name: 'partner',
    title: 'Partenaire',
    description: 'Le partenaire qui publie le chiffre.',
    type: 'string',
    constraints: { required: true },
    value: (row) => row.partner,
  },
  {
    name: 'figure',
    title: 'Indicateur',
    description: 'Le code de l’indicateur, <partenaire>.<champ> du graphe.',
    type: 'string',
    constraints: { required: true },
    value: (row) => row.figure,
  },
  {
    name: 'label',
    title: 'Libellé',
    description: 'Le libellé de l’indicateur.',
    type: 'string',
    constraints: { required: true },
    value: (row) => row.label,
  },
  {
    name: 'unit',
    title: 'Unité',
    description: 'Ce que compte l’indicateur.',
    type: 'string',
    constraints: { required: true },
    value: (row) => row.unit,
  },
  {
    name: 'value',
    title: 'Valeur',
    description:
      'Le compte sur la période ; vide quand il est couvert par le secret statistique (status = suppressed), jamais 0 à sa place.',
    type: 'integer',
    constraints: { minimum: 0 },
    value: (row) => row.value,
  },
  {
    name: 'change',
    title: 'Évolution',
    description:
      'Valeur moins celle de l’année précédente sur les mêmes jours quand l’une des deux années est partielle ; vide quand il n’y a pas de comparaison publiée.',
    type: 'integer',
    value: (row) => row.change,
  },
  {
    name: 'change_percent',
    title: 'Évolution (%)',
    description: 'L’évolution en pourcentage de l’année précédente, arrondie au dixième.',
    type: 'number',
    value: (row) => row.changePercent,
  },
  {
    name: 'period_start',
    title: 'Début de la période',
    description: 'Le premier jour compté (ISO 8601).',
    type: 'date',
    value: (row) => row.periodStart,
  },
  {
    name: 'period_end',
    title: 'Fin de la période',
    description: 'Le dernier jour compté (ISO 8601).',
    type: 'date',
    value: (row) => row.periodEnd,
  },
  {
    name: 'status',
    title: 'Statut',
    description:
      'published : chiffre publié sur l’année entière ; partial : chiffre publié sur une partie de l’année (voir la période) ; suppressed : secret statistique.',
    type: 'string',
    constraints: { required: true, enum: ['published', 'suppressed', 'partial'] },
    value: (row) => row.status,
  },
  {
    name: 'suppression_reason',
    title: 'Motif du secret',
    description:
      'BELOW_THRESHOLD : compte inférieur au seuil ; RECOVERABLE_BY_SUBTRACTION : masqué pour que les petits comptes de la ligne ne se déduisent pas du total.',
    type: 'string',
    constraints: { enum: ['BELOW_THRESHOLD', 'RECOVERABLE_BY_SUBTRACTION'] },
    value: (row) => row.suppressionReason,
  },
  {
    name: 'threshold',
    title: 'Seuil',
    description: 'Les comptes au-dessus de 0 et sous ce seuil sont masqués.',
    type: 'integer',
    value: (row) => row.threshold,
  },
];

/** The CSV of the rows, header first; an absent value is an empty field. */
export function reportCsv(rows: readonly ReportRow[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => column.value(row) ?? '')),
    { header: true, columns: columns.map((column) => column.name), record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** The TableSchema of the CSV's columns. */
export const reportTableSchema = {
  $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
  name: 'plan-crack-rapport-inter-partenaires',
  title: 'Plan crack — rapport inter-partenaires',
  description:
    'Les chiffres d’une année de chaque partenaire du plan crack, pour l’ensemble du plan et, aux agents habilités (report:read), par secteur. Une ligne par secteur et par indicateur, puis la ligne de l’ensemble du plan ; un indicateur sans données cette année-là n’a pas de ligne.',
  fields: columns.map(({ name, title, description, type, constraints }) => ({
    name,
    title,
    description,
    type,
    ...(constraints ? { constraints } : {}),
  })),
  missingValues: [''],
} as const;
