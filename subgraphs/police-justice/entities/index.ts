import { Deportation } from './Deportation.js';
import { Eviction } from './Eviction.js';
import { PoliceDeployment } from './PoliceDeployment.js';
import { PoliceOperation } from './PoliceOperation.js';
import { ProsecutableCase } from './ProsecutableCase.js';
import { Sentence } from './Sentence.js';
import { TherapeuticInjunction } from './TherapeuticInjunction.js';

export * from './PoliceDeployment.js';
export * from './PoliceOperation.js';
export * from './ProsecutableCase.js';
export { Deportation, Eviction, Sentence, TherapeuticInjunction };
export const entities = [PoliceOperation, PoliceDeployment, Eviction, Deportation, ProsecutableCase, Sentence, TherapeuticInjunction];

/** The plan's sectors (owned by the plan subgraph); this subgraph only stores their codes. */
export const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'] as const;
/** The five sensitive sectors where police are deployed day and night since Forceval was dismantled. */
export const sensitiveSectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq'] as const;
