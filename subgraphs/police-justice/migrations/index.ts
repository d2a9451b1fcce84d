import { Init1795686193447 } from './1795686193447-Init.js';

/** In the order they run. */
export const migrations = [Init1795686193447];
