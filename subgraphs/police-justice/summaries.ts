import type { DateRange } from '../shared/arguments.js';
import { policeShifts } from './entities/index.js';
import type { DeploymentTotals, EvictionTotals, ShiftTotals } from './loaders.js';

/** Shapes of the summary types, built from SQL aggregates; averages are derived here, never stored. */
const average = (sum: number, count: number): number | null => (count === 0 ? null : Math.round((sum / count) * 10) / 10);

function shiftDeployment(totals: ShiftTotals) {
  return { ...totals, averageOfficers: average(totals.officerShifts, totals.days) };
}

export function deploymentSummary(range: DateRange, totals: DeploymentTotals | null) {
  return {
    ...range,
    daysCovered: totals?.days ?? 0,
    daysWithBothShifts: totals?.bothShifts ?? 0,
    officerShifts: totals?.officerShifts ?? 0,
    averageDailyOfficers: totals ? average(totals.officerShifts, totals.days) : null,
    minDailyOfficers: totals?.minDaily ?? null,
    maxDailyOfficers: totals?.maxDaily ?? null,
    minSectorsPerDayAndShift: totals?.minSectors ?? null,
    shifts: totals
      ? totals.shifts.map(shiftDeployment)
      : policeShifts.map((shift) => shiftDeployment({ shift, days: 0, officerShifts: 0, minOfficers: null, maxOfficers: null })),
  };
}

export function evictionSummary(range: DateRange, totals: EvictionTotals | null) {
  return {
    ...range,
    evictions: totals?.evictions ?? 0,
    consumersEvicted: totals?.consumersEvicted ?? 0,
    reformingScenesEnded: totals?.reformingScenesEnded ?? 0,
    averageConsumersPerEviction: totals ? average(totals.consumersEvicted, totals.evictions) : null,
    lastEvictionAt: totals?.lastEvictionAt ?? null,
  };
}
