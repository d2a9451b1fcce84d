import { loadReferenced } from '../../shared/loaders.js';
import type { RatpIncidentResolvers } from '../generated/resolvers.js';

export const RatpIncident: RatpIncidentResolvers = {
  station: (incident, _, ctx) => loadReferenced(ctx.loaders.station, incident.stationCode, 'station'),
};
