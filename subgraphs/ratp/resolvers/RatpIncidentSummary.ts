import type { DateRange } from '../../shared/arguments.js';
import { incidentKinds } from '../entities/index.js';
import type { IncidentKindCount } from '../loaders.js';

/** Turns per-kind SQL counts into the API's summary: every kind in the enum's order, zero included. */
export function incidentSummary(period: DateRange, counts: readonly IncidentKindCount[]) {
  const byKind = new Map(counts.map((row) => [row.kind, row]));
  return {
    ...period,
    total: counts.reduce((sum, row) => sum + row.count, 0),
    trainTrafficInterruptions: counts.reduce((sum, row) => sum + row.interruptions, 0),
    byKind: incidentKinds.map((kind) => ({ kind, count: byKind.get(kind)?.count ?? 0 })),
  };
}
