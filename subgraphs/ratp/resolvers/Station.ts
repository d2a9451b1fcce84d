import { dateRange, firstCount } from '../../shared/arguments.js';
import { loadAllReferenced } from '../../shared/loaders.js';
import type { StationResolvers } from '../generated/resolvers.js';
import { MAX_FIRST } from '../loaders.js';
import { incidentSummary } from './RatpIncidentSummary.js';

export const Station: StationResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.station.load(reference.code),
  sector: (station) => ({ code: station.sectorCode }),
  lines: async (station, _, ctx) => {
    const links = await ctx.loaders.linksByStation.load(station.code);
    return loadAllReferenced(
      ctx.loaders.line,
      links.map((link) => link.lineCode),
      'line',
    );
  },
  jointPatrols: (station, args, ctx) => ctx.loaders.patrolSummaryByStation.load(dateRange('Station.jointPatrols', args), station.code),
  incidents: async (station, args, ctx) => {
    const range = dateRange('Station.incidents', args);
    return incidentSummary(range, await ctx.loaders.incidentCountsByStation.load(range, station.code));
  },
  latestIncidents: (station, args, ctx) =>
    ctx.loaders.latestIncidentsByStation.load({ first: firstCount('Station.latestIncidents', args.first, MAX_FIRST) }, station.code),
};
