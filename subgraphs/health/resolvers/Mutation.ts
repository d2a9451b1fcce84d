import { existing, matching, planDay } from '../../shared/inputs.js';
import { idempotentWrite, nextIntegerId, writingPartner } from '../../shared/writes.js';
import { CarePathway, PathwayAdmission } from '../entities/index.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** The shape of the pseudonyms social and health share (shared/seeding.ts): nothing else may be stored, a name least of all. */
const PSEUDONYM = /^PX-[0-9A-F]{8}$/;

export const Mutation: MutationResolvers = {
  recordPathwayAdmission: async (_, { input }, ctx) => {
    const pseudonym = matching('pseudonym', input.pseudonym, PSEUDONYM, 'a pseudonym: PX- and 8 hex digits in capitals, e.g. PX-F4E03077');
    const admittedOn = planDay('date', input.date);
    const facility = await existing('facility', input.facility, ctx.loaders.facility.load(input.facility), 'a care facility health knows');
    const { result, replayed } = await idempotentWrite(
      ctx.db,
      { mutation: 'recordPathwayAdmission', key: input.idempotencyKey, partner: writingPartner(ctx), input },
      async (manager) => {
        // A person health meets for the first time starts a pathway, so that Person.admissions finds them.
        if (!(await manager.existsBy(CarePathway, { pseudonym }))) await manager.insert(CarePathway, { pseudonym });
        const row: PathwayAdmission = {
          id: await nextIntegerId(manager, 'pathway_admissions'),
          pseudonym,
          admittedOn,
          facilityId: facility.id,
          kind: input.kind,
          dischargedOn: null,
        };
        await manager.insert(PathwayAdmission, row);
        return row;
      },
    );
    return { admission: result, replayed };
  },
};
