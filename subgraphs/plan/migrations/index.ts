import { Init1795685813622 } from './1795685813622-Init.js';
import { Init1795685879446 } from './1795685879446-Init.js';

/** In the order they run. */
export const migrations = [Init1795685813622, Init1795685879446];
