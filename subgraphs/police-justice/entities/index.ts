import type { SectorCode } from '../../shared/sectors.js';
import { Deportation } from './Deportation.js';
import { Eviction } from './Eviction.js';
import { EvictionCount } from './EvictionCount.js';
import { EvictionDay } from './EvictionDay.js';
import { PoliceDeployment } from './PoliceDeployment.js';
import { PoliceDeploymentCount } from './PoliceDeploymentCount.js';
import { PoliceOperation } from './PoliceOperation.js';
import { PoliceOperationCount } from './PoliceOperationCount.js';
import { ProsecutableCase } from './ProsecutableCase.js';
import { ProsecutableCaseCount } from './ProsecutableCaseCount.js';
import { Sentence } from './Sentence.js';
import { TherapeuticInjunction } from './TherapeuticInjunction.js';
import { TherapeuticInjunctionCount } from './TherapeuticInjunctionCount.js';

export * from './PoliceDeployment.js';
export * from './PoliceOperation.js';
export * from './ProsecutableCase.js';
export { Deportation, Eviction, Sentence, TherapeuticInjunction };
export { EvictionCount, EvictionDay, PoliceDeploymentCount, PoliceOperationCount, ProsecutableCaseCount, TherapeuticInjunctionCount };
export const entities = [
  PoliceOperation,
  PoliceDeployment,
  Eviction,
  Deportation,
  ProsecutableCase,
  Sentence,
  TherapeuticInjunction,
  // Rollups of the detail tables above, which the yearly figures read.
  PoliceOperationCount,
  PoliceDeploymentCount,
  EvictionCount,
  ProsecutableCaseCount,
  TherapeuticInjunctionCount,
  // Daily rollup of evictions, which the summaries over a date range read.
  EvictionDay,
];

/** The five sensitive sectors where police are deployed day and night since Forceval was dismantled. */
export const sensitiveSectorCodes = [
  'stalingrad',
  'eole',
  'porte-de-la-chapelle',
  'rosa-parks',
  'canal-ourcq',
] as const satisfies readonly SectorCode[];
