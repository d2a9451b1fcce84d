import { Init1795686131692 } from './1795686131692-Init.js';

/** In the order they run. */
export const migrations = [Init1795686131692];
