import { Init1795686193447 } from './1795686193447-Init.js';
import { AuditTrail1795689650761 } from './1795689650761-AuditTrail.js';
import { Idempotency1795690739837 } from './1795690739837-Idempotency.js';
import { Rollups1795692295648 } from './1795692295648-Rollups.js';
import { DailyRollups1795693570494 } from './1795693570494-DailyRollups.js';
import { AuditTraceId1796620091098 } from './1796620091098-AuditTraceId.js';

/** In the order they run. */
export const migrations = [
  Init1795686193447,
  AuditTrail1795689650761,
  Idempotency1795690739837,
  Rollups1795692295648,
  DailyRollups1795693570494,
  AuditTraceId1796620091098,
];
