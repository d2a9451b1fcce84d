import type { RatpContext } from '../context.js';
import type { Incident } from '../loaders.js';

export const RatpIncident = {
  station: (incident: Incident, _: unknown, ctx: RatpContext) => ctx.loaders.station.load(incident.stationCode),
};
