import { createHash } from 'node:crypto';
import { partnerCodes } from '../../../platform/identity.js';
import { count, oneOf, planDay, planSector, text } from '../../shared/inputs.js';
import { conflict, idempotentWrite, writingPartner } from '../../shared/writes.js';
import { PoliceDeployment, PoliceOperation } from '../entities/index.js';
import { countDeployment, countOperation } from '../rollups.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** More officers than the busiest shift of the plan ever had (60) by far: a typo, not a deployment. */
const MAX_OFFICERS = 1000;

/** The id of a written operation: its day, and a hash of its partner's key, so that a retry cannot make a second one. */
const operationId = (date: string, partner: string, key: string): string =>
  `op-${date}-${createHash('sha256').update(`recordPoliceOperation:${partner}\n${key}`).digest('hex').slice(0, 12)}`;

export const Mutation: MutationResolvers = {
  recordPoliceOperation: async (_, { input }, ctx) => {
    const partner = writingPartner(ctx);
    const row: PoliceOperation = {
      id: operationId(input.date, partner, input.idempotencyKey),
      date: planDay('date', input.date),
      sectorCode: planSector('sector', input.sector),
      kind: input.kind,
      description: text('description', input.description, 300),
      leadPartnerCode: oneOf('leadPartner', input.leadPartner, partnerCodes, 'a partner of the plan'),
    };
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordPoliceOperation', key: input.idempotencyKey, partner, input },
      async (manager) => {
        await manager.insert(PoliceOperation, row);
        await countOperation(manager, row);
        return row;
      },
    );
    return { operation: result, replayed };
  },

  recordPoliceDeployment: async (_, { input }, ctx) => {
    const row: PoliceDeployment = {
      deployedOn: planDay('date', input.date),
      sectorCode: planSector('sector', input.sector),
      shift: input.shift,
      officers: count('officers', input.officers, MAX_OFFICERS),
    };
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordPoliceDeployment', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        // One row per sector, day and shift: a second record of the shift would count its officers twice.
        if (await manager.existsBy(PoliceDeployment, { sectorCode: row.sectorCode, deployedOn: row.deployedOn, shift: row.shift })) {
          throw conflict(
            `the ${row.shift} shift of ${row.deployedOn} on ${row.sectorCode} is already recorded`,
            `${row.sectorCode}/${row.deployedOn}/${row.shift}`,
          );
        }
        await manager.insert(PoliceDeployment, row);
        await countDeployment(manager, row);
        return row;
      },
    );
    return { deployment: result, replayed };
  },
};
