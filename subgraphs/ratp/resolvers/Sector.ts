import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import type { SectorResolvers } from '../generated/resolvers.js';
import { MAX_FIRST } from '../loaders.js';
import { incidentSummary } from './RatpIncidentSummary.js';

/** Sector is owned by the plan subgraph: RATP only adds fields, keyed by the sector's code. */
export const Sector: SectorResolvers = {
  __resolveReference: (reference) => reference,
  stations: (sector, _, ctx) => ctx.loaders.stationsBySector.load(sector.code),
  ratpJointPatrols: (sector, args, ctx) => ctx.loaders.patrolSummaryBySector.load(dateRange('Sector.ratpJointPatrols', args), sector.code),
  stationIncidents: async (sector, args, ctx) => {
    const range = dateRange('Sector.stationIncidents', args);
    return incidentSummary(range, await ctx.loaders.incidentCountsBySector.load(range, sector.code));
  },
  latestStationIncidents: (sector, args, ctx) =>
    ctx.loaders.latestIncidentsBySector.load({ first: firstCount('Sector.latestStationIncidents', args.first, MAX_FIRST) }, sector.code),
  // Not to writers who cannot read (differencing).
  ratpFigures: (sector, _, ctx) => {
    refuseWriterWithoutRead(ctx.access, 'ratp', 'Sector.ratpFigures');
    return { code: sector.code };
  },
};
