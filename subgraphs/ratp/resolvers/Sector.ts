import { first, period } from '../arguments.js';
import type { RatpContext } from '../context.js';
import { incidentSummary } from './RatpIncidentSummary.js';

type SectorRef = { code: string };
type PeriodArgs = { from?: string | null; to?: string | null };

/** Sector is owned by the plan subgraph: RATP only adds fields, keyed by the sector's code. */
export const Sector = {
  __resolveReference: (reference: SectorRef) => reference,
  stations: (sector: SectorRef, _: unknown, ctx: RatpContext) => ctx.loaders.stationsBySector.load(sector.code),
  ratpJointPatrols: (sector: SectorRef, args: PeriodArgs, ctx: RatpContext) =>
    ctx.loaders.patrolSummaryBySector.load(period('Sector.ratpJointPatrols', args), sector.code),
  stationIncidents: async (sector: SectorRef, args: PeriodArgs, ctx: RatpContext) => {
    const range = period('Sector.stationIncidents', args);
    return incidentSummary(range, await ctx.loaders.incidentCountsBySector.load(range, sector.code));
  },
  latestStationIncidents: (sector: SectorRef, args: { first: number }, ctx: RatpContext) =>
    ctx.loaders.latestIncidentsBySector.load({ first: first('Sector.latestStationIncidents', args.first) }, sector.code),
};
