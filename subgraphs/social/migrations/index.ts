import { Init1795686280374 } from './1795686280374-Init.js';

/** In the order they run. */
export const migrations = [Init1795686280374];
