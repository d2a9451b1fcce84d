import type { BaseContext } from '@apollo/server';
import type { SubgraphName } from './names.js';
import { definition as health } from './health/server.js';
import { definition as plan } from './plan/server.js';
import { definition as policeJustice } from './police-justice/server.js';
import { definition as ratp } from './ratp/server.js';
import { forgetContext, type SubgraphDefinition } from './shared/subgraph.js';
import { definition as social } from './social/server.js';

/** Every subgraph's definition, by name. */
export const catalogue: Record<SubgraphName, SubgraphDefinition<BaseContext>> = {
  plan: forgetContext(plan),
  'police-justice': forgetContext(policeJustice),
  health: forgetContext(health),
  social: forgetContext(social),
  ratp: forgetContext(ratp),
};
