import type { CareEvaluation as CareEvaluationRow } from '../entities/index.js';

const percent = (value: number) => Math.round(value * 1000) / 10;

/** The percentages the communiqué quotes, computed from the measured data. */
export const CareEvaluation = {
  consumptionChangePercent: (evaluation: CareEvaluationRow) =>
    percent((evaluation.meanConsumptionAfter - evaluation.meanConsumptionBefore) / evaluation.meanConsumptionBefore),
  stoppedEntirelyPercent: (evaluation: CareEvaluationRow) => percent(evaluation.stoppedEntirelyCount / evaluation.cohortSize),
};
