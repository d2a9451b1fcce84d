import { registeredOperation, type RegisteredOperation } from '../../operations/index.js';

/** One fact of the communiqué (a row of shared/seed/figures.md) as a query on the plan-wide graph. */
export interface CommuniqueFact {
  /** The row's id in figures.md, e.g. `J5`. */
  readonly id: string;
  /** The fact as the communiqué states it. */
  readonly fact: string;
  /** The query sent to the gateway: a registered operation of the communiqué (`operations/communique/`). */
  readonly operation: RegisteredOperation;
  /** The exact `data` the gateway must answer. */
  readonly expected: Record<string, unknown>;
}

/** The communiqué's operation of that name; an unknown name fails as the fact files load. */
export const communique = (name: string): RegisteredOperation => registeredOperation('communique', name);
