/** One fact of the communiqué (a row of shared/seed/figures.md) as a query on the plan-wide graph. */
export interface CommuniqueFact {
  /** The row's id in figures.md, e.g. `J5`. */
  readonly id: string;
  /** The fact as the communiqué states it. */
  readonly fact: string;
  /** A query sent to the gateway. */
  readonly query: string;
  /** The exact `data` the gateway must answer. */
  readonly expected: Record<string, unknown>;
}
