import { Init1795686174343 } from './1795686174343-Init.js';

/** In the order they run. */
export const migrations = [Init1795686174343];
