import { Init1795686193447 } from './1795686193447-Init.js';
import { AuditTrail1795689650761 } from './1795689650761-AuditTrail.js';

/** In the order they run. */
export const migrations = [Init1795686193447, AuditTrail1795689650761];
