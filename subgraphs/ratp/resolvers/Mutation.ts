import type { AccessContext } from '../../shared/access.js';
import { existing, planInstant } from '../../shared/inputs.js';
import { idempotentWrite, nextIntegerId, writingPartner } from '../../shared/writes.js';
import type { RatpContext } from '../context.js';
import { StationIncident, type IncidentKind } from '../entities/index.js';
import { countIncident } from '../rollups.js';

interface RecordStationIncidentInput {
  readonly idempotencyKey: string;
  readonly station: string;
  readonly occurredAt: Date;
  readonly kind: IncidentKind;
  readonly trainTrafficInterrupted: boolean;
}

export const Mutation = {
  recordStationIncident: async (_: unknown, { input }: { input: RecordStationIncidentInput }, ctx: RatpContext & AccessContext) => {
    const occurredAt = planInstant('occurredAt', input.occurredAt);
    const station = await existing('station', input.station, ctx.loaders.station.load(input.station), 'a station of the sectors');
    const { result, replayed } = await idempotentWrite(ctx.db, { mutation: 'recordStationIncident', key: input.idempotencyKey, partner: writingPartner(ctx), input }, async (manager) => {
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
    });
    return { incident: result, replayed };
  },
};
