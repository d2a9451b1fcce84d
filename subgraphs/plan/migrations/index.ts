import { Init1795685813622 } from './1795685813622-Init.js';
import { AuditTrail1795689648157 } from './1795689648157-AuditTrail.js';
import { Idempotency1795690737700 } from './1795690737700-Idempotency.js';
import { AuditTraceId1796620086326 } from './1796620086326-AuditTraceId.js';

/** In the order they run. */
export const migrations = [Init1795685813622, AuditTrail1795689648157, Idempotency1795690737700, AuditTraceId1796620086326];
