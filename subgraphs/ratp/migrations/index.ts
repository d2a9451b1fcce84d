import { Init1795686131692 } from './1795686131692-Init.js';
import { AuditTrail1795689653108 } from './1795689653108-AuditTrail.js';

/** In the order they run. */
export const migrations = [Init1795686131692, AuditTrail1795689653108];
