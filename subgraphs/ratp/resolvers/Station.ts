import { dateRange, firstCount } from '../../shared/arguments.js';
import type { RatpContext } from '../context.js';
import type { Station as StationRow } from '../entities/index.js';
import { MAX_FIRST } from '../loaders.js';
import { incidentSummary } from './RatpIncidentSummary.js';

type PeriodArgs = { from?: string | null; to?: string | null };

export const Station = {
  __resolveReference: (reference: { code: string }, ctx: RatpContext) => ctx.loaders.station.load(reference.code),
  sector: (station: StationRow) => ({ code: station.sectorCode }),
  lines: async (station: StationRow, _: unknown, ctx: RatpContext) => {
    const links = await ctx.loaders.linksByStation.load(station.code);
    return ctx.loaders.line.loadMany(links.map((link) => link.lineCode));
  },
  jointPatrols: (station: StationRow, args: PeriodArgs, ctx: RatpContext) =>
    ctx.loaders.patrolSummaryByStation.load(dateRange('Station.jointPatrols', args), station.code),
  incidents: async (station: StationRow, args: PeriodArgs, ctx: RatpContext) => {
    const range = dateRange('Station.incidents', args);
    return incidentSummary(range, await ctx.loaders.incidentCountsByStation.load(range, station.code));
  },
  latestIncidents: (station: StationRow, args: { first: number }, ctx: RatpContext) =>
    ctx.loaders.latestIncidentsByStation.load({ first: firstCount('Station.latestIncidents', args.first, MAX_FIRST) }, station.code),
};
