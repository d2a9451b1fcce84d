/**
 * The cross-agency report as rows: every partner's plan-wide figures of a year, and each sector's
 * under `report:read`, read from the graph through the gateway's own Apollo server with the
 * registered operations of operations/reports/ (its limits, cache and trusted operations apply as
 * to any client), never from a database.
 */
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { registeredOperation } from '../../operations/index.js';
import type { Identity } from '../../platform/identity.js';
import type { GatewayContext } from '../subgraphs.js';
import { reportFigures, reportPartners, sectorFiguresScope, type ReportFigure } from './figures.js';

export const planWideOperation = registeredOperation('reports', 'ReportPlanWide');
export const sectorsOperation = registeredOperation('reports', 'ReportSectors');

interface Coverage {
  readonly from: string;
  readonly to: string;
  readonly complete: boolean;
}
interface Suppression {
  readonly reason: string;
  readonly threshold: number;
}
interface YearFigure {
  readonly value: number | null;
  readonly suppressed?: Suppression | null;
  readonly coverage: Coverage | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly comparison: { readonly likeForLike: boolean; readonly reason: string | null } | null;
}
type PartnerFields = Readonly<Record<string, unknown>> | null;

export interface PlanWideAnswer {
  readonly year: (Readonly<Record<string, PartnerFields>> & { readonly year: number }) | null;
  readonly [partnerFigures: string]: unknown;
}
export interface SectorsAnswer {
  readonly sectors: readonly (Readonly<Record<string, PartnerFields>> & { readonly code: string; readonly name: string })[] | null;
}

/** A status of a row of the CSV: a figure as published, hidden (secret statistique), or over part of the year. */
export type RowStatus = 'published' | 'suppressed' | 'partial';

export interface ReportRow {
  readonly year: number;
  /** Empty for the plan-wide row. */
  readonly sector: string;
  readonly sectorName: string;
  readonly partner: string;
  readonly figure: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly status: RowStatus;
  readonly suppressionReason: string | null;
  readonly threshold: number | null;
}

/** What the report could not give: a year the plan does not have, or the graph's own errors. */
export class ReportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const planWideLabel = 'Ensemble du plan';

function rowOf(year: number, sector: { code: string; name: string }, figure: ReportFigure, figureValue: YearFigure): ReportRow {
  const suppressed = figureValue.suppressed ?? null;
  const status: RowStatus = suppressed ? 'suppressed' : figureValue.coverage && !figureValue.coverage.complete ? 'partial' : 'published';
  return {
    year,
    sector: sector.code,
    sectorName: sector.name,
    partner: reportPartners[figure.partner],
    figure: figure.id,
    label: figure.label,
    unit: figure.unit,
    value: figureValue.value,
    change: figureValue.change,
    changePercent: figureValue.changePercent,
    periodStart: figureValue.coverage?.from ?? null,
    periodEnd: figureValue.coverage?.to ?? null,
    status,
    suppressionReason: suppressed?.reason ?? null,
    threshold: suppressed?.threshold ?? null,
  };
}

/** The rows of a year: per figure, each sector's (when given) then the plan-wide one; a figure without data that year has none. */
export function reportRows(year: number, planWide: PlanWideAnswer, sectors: SectorsAnswer | null): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const figure of reportFigures) {
    for (const sector of sectors?.sectors ?? []) {
      const series = sector[`${figure.partner}Figures`]?.[figure.field] as { readonly year: YearFigure | null } | null | undefined;
      const sectorYear = series?.year ?? null;
      if (sectorYear !== null) rows.push(rowOf(year, sector, figure, sectorYear));
    }
    const planWideValue = (planWide.year?.[figure.partner]?.[figure.field] as YearFigure | null | undefined) ?? null;
    if (planWideValue !== null) rows.push(rowOf(year, { code: '', name: planWideLabel }, figure, planWideValue));
  }
  return rows;
}

/** Runs a registered operation through the gateway's Apollo server as the given agent. */
async function run<TData>(
  server: ApolloServer<GatewayContext>,
  operation: typeof planWideOperation,
  variables: ReturnType<typeof yearVariables>,
  identity: Identity,
): Promise<TData> {
  const response = await server.executeOperation<TData>(
    { query: operation.body, operationName: operation.name, variables },
    { contextValue: { identity } },
  );
  if (response.body.kind !== 'single') throw new Error(`${operation.name} answered incrementally`);
  const { data, errors } = response.body.singleResult;
  if (errors?.length || data == null) throw graphError(operation.name, variables.year, errors ?? []);
  return data;
}

/** The graph's errors as one message: a year it refuses is not there (404); any other, the first one's text and code (internal ones arrive masked, with their id). */
function graphError(name: string, year: number, errors: readonly GraphQLFormattedError[]): ReportError {
  const [first] = errors;
  const code = first?.extensions?.code;
  if (first !== undefined && code === 'BAD_USER_INPUT') return new ReportError(404, `no report for ${year}: ${first.message}`);
  return new ReportError(
    502,
    `the graph did not answer ${name} in full: ${first?.message ?? 'no data'}${typeof code === 'string' ? ` (${code})` : ''}`,
  );
}

export const yearVariables = (year: number) => ({ year, from: `${year}-01-01`, to: `${year}-12-31` });

/** A year's report for an agent: the plan-wide rows for anyone, each sector's too under report:read. */
export async function readReport(server: ApolloServer<GatewayContext>, year: number, identity: Identity): Promise<ReportRow[]> {
  const variables = yearVariables(year);
  const planWide = await run<PlanWideAnswer>(server, planWideOperation, variables, identity);
  const sectors = identity.scopes.has(sectorFiguresScope) ? await run<SectorsAnswer>(server, sectorsOperation, variables, identity) : null;
  return reportRows(year, planWide, sectors);
}
