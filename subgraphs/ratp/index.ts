import { runSubgraph } from '../shared/run.js';
import { definition } from './server.js';

await runSubgraph(definition);
