/**
 * What the plan's resolvers receive as their parent, where it is not the GraphQL type itself:
 * `<Type>Model` maps `<Type>` in generated/resolvers.ts (`npm run codegen`).
 */
export type {
  CommitteeMeeting as CommitteeMeetingModel,
  Partner as PartnerModel,
  Plan as PlanModel,
  PlanAction as PlanActionModel,
  PlanStep as PlanStepModel,
  Sector as SectorModel,
} from './entities/index.js';
