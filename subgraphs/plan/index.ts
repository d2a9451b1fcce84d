import { runSubgraph } from '../shared/run.js';
import { plan } from './server.js';

await runSubgraph(plan, 4001);
