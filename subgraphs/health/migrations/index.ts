import { Init1795686174343 } from './1795686174343-Init.js';
import { CarePathway1795689434799 } from './1795689434799-CarePathway.js';
import { AuditTrail1795690134930 } from './1795690134930-AuditTrail.js';
import { Idempotency1795690742060 } from './1795690742060-Idempotency.js';
import { Rollups1795692298395 } from './1795692298395-Rollups.js';
import { AuditTraceId1796620094799 } from './1796620094799-AuditTraceId.js';
import { InterventionDays1796632695943 } from './1796632695943-InterventionDays.js';

/** In the order they run. */
export const migrations = [
  Init1795686174343,
  CarePathway1795689434799,
  AuditTrail1795690134930,
  Idempotency1795690742060,
  Rollups1795692298395,
  AuditTraceId1796620094799,
  InterventionDays1796632695943,
];
