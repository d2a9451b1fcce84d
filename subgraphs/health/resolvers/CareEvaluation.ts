import type { CareEvaluationResolvers } from '../generated/resolvers.js';

const percent = (value: number) => Math.round(value * 1000) / 10;

/** The percentages the communiqué quotes, computed from the measured data. */
export const CareEvaluation: CareEvaluationResolvers = {
  consumptionChangePercent: (evaluation) =>
    percent((evaluation.meanConsumptionAfter - evaluation.meanConsumptionBefore) / evaluation.meanConsumptionBefore),
  stoppedEntirelyPercent: (evaluation) => percent(evaluation.stoppedEntirelyCount / evaluation.cohortSize),
};
