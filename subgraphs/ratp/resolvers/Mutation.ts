import { existing, planInstant } from '../../shared/inputs.js';
import { idempotentWrite, nextIntegerId, writingPartner } from '../../shared/writes.js';
import { StationIncident } from '../entities/index.js';
import type { MutationResolvers } from '../generated/resolvers.js';
import { countIncident } from '../rollups.js';

export const Mutation: MutationResolvers = {
  recordStationIncident: async (_, { input }, ctx) => {
    const occurredAt = planInstant('occurredAt', input.occurredAt);
    const station = await existing('station', input.station, ctx.loaders.station.load(input.station), 'a station of the sectors');
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordStationIncident', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        const row: StationIncident = {
          id: await nextIntegerId(manager, 'ratp_station_incidents'),
          stationCode: station.code,
          occurredAt,
          kind: input.kind,
          trainTrafficInterrupted: input.trainTrafficInterrupted,
        };
        await manager.insert(StationIncident, row);
        await countIncident(manager, row);
        return row;
      },
    );
    return { incident: result, replayed };
  },
};
