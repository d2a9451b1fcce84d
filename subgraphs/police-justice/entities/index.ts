import type { SectorCode } from '../../shared/sectors.js';
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

/** The five sensitive sectors where police are deployed day and night since Forceval was dismantled. */
export const sensitiveSectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq'] as const satisfies readonly SectorCode[];
