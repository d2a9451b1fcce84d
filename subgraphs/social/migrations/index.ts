import { Init1795686280374 } from './1795686280374-Init.js';
import { CarePathway1795689432897 } from './1795689432897-CarePathway.js';
import { AuditTrail1795690132878 } from './1795690132878-AuditTrail.js';
import { Idempotency1795690744530 } from './1795690744530-Idempotency.js';
import { Rollups1795692301457 } from './1795692301457-Rollups.js';
import { DailyRollups1795693568096 } from './1795693568096-DailyRollups.js';
import { AuditTraceId1796620099297 } from './1796620099297-AuditTraceId.js';

/** In the order they run. */
export const migrations = [
  Init1795686280374,
  CarePathway1795689432897,
  AuditTrail1795690132878,
  Idempotency1795690744530,
  Rollups1795692301457,
  DailyRollups1795693568096,
  AuditTraceId1796620099297,
];
