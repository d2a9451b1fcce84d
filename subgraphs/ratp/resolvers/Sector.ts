import type { AccessContext } from '../../shared/access.js';
import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import type { RatpContext } from '../context.js';
import { MAX_FIRST } from '../loaders.js';
import { incidentSummary } from './RatpIncidentSummary.js';

type SectorRef = { code: string };
type PeriodArgs = { from?: string | null; to?: string | null };

/** Sector is owned by the plan subgraph: RATP only adds fields, keyed by the sector's code. */
export const Sector = {
  __resolveReference: (reference: SectorRef) => reference,
  stations: (sector: SectorRef, _: unknown, ctx: RatpContext) => ctx.loaders.stationsBySector.load(sector.code),
  ratpJointPatrols: (sector: SectorRef, args: PeriodArgs, ctx: RatpContext) =>
    ctx.loaders.patrolSummaryBySector.load(dateRange('Sector.ratpJointPatrols', args), sector.code),
  stationIncidents: async (sector: SectorRef, args: PeriodArgs, ctx: RatpContext) => {
    const range = dateRange('Sector.stationIncidents', args);
    return incidentSummary(range, await ctx.loaders.incidentCountsBySector.load(range, sector.code));
  },
  latestStationIncidents: (sector: SectorRef, args: { first: number }, ctx: RatpContext) =>
    ctx.loaders.latestIncidentsBySector.load({ first: firstCount('Sector.latestStationIncidents', args.first, MAX_FIRST) }, sector.code),
  // Not to writers who cannot read (differencing).
  ratpFigures: (sector: SectorRef, _: unknown, ctx: AccessContext) => {
    refuseWriterWithoutRead(ctx.access, 'ratp', 'Sector.ratpFigures');
    return { code: sector.code };
  },
};
