import { expect } from 'vitest';
import type { Identity } from '../../platform/identity.js';
import { dayOf, monthOf, yearOf } from '../../subgraphs/shared/sql.js';
import type { RunningSubgraph } from './subgraphs.js';

/**
 * Helpers of each subgraph's rollups test (subgraphs/<name>/test/rollups.test.ts). The rollups the yearly figures and the summaries over a date range read (one row per key and year,
 * or per key and day or month) must hold exactly the `GROUP BY` of their detail rows: after
 * the seed (scale 2), and after writes through the mutations — replayed, racing, and on the last
 * minutes of a year. The expected side is written here, independently of the subgraphs' rollups.ts.
 */

export type Row = Record<string, string | number>;

/** A rollup table and the aggregate of its detail rows, with the same columns, in the key's order. */
export interface Rollup {
  readonly table: string;
  readonly key: readonly string[];
  /** The expected rows; `year`, `day` and `month` give the calendar year, the UTC day and its month's first day of a column on the engine at hand. */
  readonly detail: (year: (column: string) => string, day: (column: string) => string, month: (column: string) => string) => string;
}

/** Rows as plain values: drivers give MySQL's SUM as a string and SQLite's as a number. */
export async function rowsOf(subgraph: RunningSubgraph, sql: string, textColumns: readonly string[]): Promise<Row[]> {
  const rows = await subgraph.built.db.query<Record<string, unknown>[]>(sql);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [column, textColumns.includes(column) ? String(value) : Number(value)]),
    ),
  );
}

export async function expectRollupsEqualDetail(subgraph: RunningSubgraph, rollups: readonly Rollup[]): Promise<void> {
  const db = subgraph.built.db;
  for (const rollup of rollups) {
    const textColumns = rollup.key.filter((column) => column !== 'year');
    const order = rollup.key.join(', ');
    const stored = await rowsOf(subgraph, `SELECT * FROM ${rollup.table} ORDER BY ${order}`, textColumns);
    const detail = await rowsOf(
      subgraph,
      `SELECT * FROM (${rollup.detail(
        (column) => yearOf(db, column),
        (column) => dayOf(db, column),
        (column) => monthOf(db, column),
      )}) d ORDER BY ${order}`,
      textColumns,
    );
    expect(stored.length, `${rollup.table} has rows`).toBeGreaterThan(0);
    expect({ table: rollup.table, rows: stored }).toEqual({ table: rollup.table, rows: detail });
  }
}

/** One number from a statement, e.g. a rollup's total. */
export async function total(subgraph: RunningSubgraph, sql: string): Promise<number> {
  const [row] = await subgraph.built.db.query<Record<string, unknown>[]>(sql);
  return Number(Object.values(row ?? {})[0]);
}

/** Posts a mutation and returns its payload, failing on any error. */
export async function write<T = { replayed: boolean }>(
  subgraph: RunningSubgraph,
  mutation: string,
  field: string,
  input: object,
  identity: Identity,
): Promise<T> {
  const response = await subgraph.query<Record<string, T>>(mutation, { input }, identity);
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as T;
}

/** The seed's scale of every rollup test: twice the synthetic detail. */
export const SCALE = 2;
