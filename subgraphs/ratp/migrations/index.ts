import { Init1795686131692 } from './1795686131692-Init.js';
import { AuditTrail1795689653108 } from './1795689653108-AuditTrail.js';
import { Idempotency1795690748090 } from './1795690748090-Idempotency.js';
import { Rollups1795692304724 } from './1795692304724-Rollups.js';
import { DailyRollups1795693565528 } from './1795693565528-DailyRollups.js';
import { AuditTraceId1796620105393 } from './1796620105393-AuditTraceId.js';
import { MonthlyIncidentRollup1796630089381 } from './1796630089381-MonthlyIncidentRollup.js';

/** In the order they run. */
export const migrations = [
  Init1795686131692,
  AuditTrail1795689653108,
  Idempotency1795690748090,
  Rollups1795692304724,
  DailyRollups1795693565528,
  AuditTraceId1796620105393,
  MonthlyIncidentRollup1796630089381,
];
