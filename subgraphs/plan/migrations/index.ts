import { Init1795685813622 } from './1795685813622-Init.js';

/** In the order they run. */
export const migrations = [Init1795685813622];
