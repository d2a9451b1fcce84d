import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Column, Entity, PrimaryColumn, QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { AccessContext } from './access.js';
import { inputError } from './inputs.js';
import { isMysql } from './sql.js';

/**
 * The write kit of the partners' mutations: each write runs in one transaction, under an
 * idempotency key that the client chooses, so that a retried request (a timeout, a lost answer)
 * writes once and answers the same.
 */

/** One write done under an idempotency key: what it was asked, and what it answered. */
@Entity('idempotency_keys')
export class IdempotencyRecord {
  /** The mutation field, e.g. `recordPoliceOperation`: a key is the client's only within one mutation. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  mutation: string;

  /**
   * The key as stored: sha-256 (hex) of the writing partner and the client's key, so that a key
   * belongs to the partner who wrote with it (see `scopedKey`).
   */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  idempotencyKey: string;

  /** sha-256 (hex) of the canonical input, the key left out: a replay must ask the same thing. */
  @Column({ type: 'varchar', length: 64 })
  inputHash: string;

  /** The answer, as JSON, returned again on every replay. */
  @Column({ type: 'text' })
  result: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** What a stored answer reads back as: JSON turns instants into ISO strings, which the DateTime scalar serialises alike. */
export type Stored<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Stored<Item>[]
    : T extends object
      ? { [K in keyof T]: Stored<T[K]> }
      : T;

export interface WriteRequest {
  /** The mutation field's name. */
  readonly mutation: string;
  readonly key: string;
  /**
   * The partner of the agent who writes: keys are the partner's own. Another partner's agent sending
   * the same key writes anew, and never reads the first partner's stored answer. Per partner, not per
   * agent, so that a partner's retry from another agent or process (a batch resumed) still replays.
   */
  readonly partner: string;
  /** The mutation's input as GraphQL coerced it; `idempotencyKey` in it is ignored. */
  readonly input: object;
}

export interface WriteOutcome<Result> {
  readonly result: Stored<Result>;
  /** True when the key had been used with this input: the stored answer, nothing written. */
  readonly replayed: boolean;
}

const keyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** An idempotency key: 8 to 128 characters of A–Z, a–z, 0–9, `_` and `-` (a UUID fits). */
export function idempotencyKey(key: string): string {
  if (!keyPattern.test(key)) {
    throw inputError(
      'idempotencyKey',
      'MALFORMED',
      `must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -, e.g. a UUID; got ${key.length} characters`,
    );
  }
  return key;
}

/**
 * JSON with object keys sorted and null fields dropped, so that the same input hashes the same
 * whatever the order of its fields and whether an optional field was sent as null or left out.
 * GraphQL inputs are small trees of scalars, lists and objects, which is all this handles.
 */
function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The partner an agent writes for: every mutation is under a write scope, so only agents of a partner reach it. */
export function writingPartner(context: AccessContext): string {
  const { partner } = context.access.identity;
  if (partner === null) throw new GraphQLError('a write needs an agent of a partner', { extensions: { code: 'UNAUTHENTICATED' } });
  return partner;
}

/** The key as stored: the partner's and the client's key, hashed so that it fits the column whatever their lengths. */
export function scopedKey(partner: string, key: string): string {
  return createHash('sha256').update(`${partner}\n${key}`).digest('hex');
}

/** sha-256 (hex) of the canonical input without its idempotency key. */
export function inputHash(input: object): string {
  const fields = Object.fromEntries(Object.entries(input).filter(([name]) => name !== 'idempotencyKey'));
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/**
 * Thrown by a write that found its row changed under it by a concurrent transaction (e.g. an
 * update that matched no row any more): the whole write is tried again, from the key's check.
 */
export class WriteRace extends Error {}

/** Errors that mean another transaction won a race: a duplicate key, a deadlock, or a WriteRace. */
function lostRace(error: unknown): boolean {
  if (error instanceof WriteRace) return true;
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(code)
  );
}

/** Tries of a write that keeps losing races; each loser sees the winner's rows on its next try. */
const MAX_ATTEMPTS = 3;

/**
 * SQLite (the embedded default) has one connection, on which TypeORM nests a second transaction
 * as a savepoint of the first: writes to it must take turns. MySQL isolates them itself.
 */
const sqliteTurns = new WeakMap<DataSource, Promise<unknown>>();

function inTurn<T>(db: DataSource, task: () => Promise<T>): Promise<T> {
  if (isMysql(db)) return task();
  const run = (sqliteTurns.get(db) ?? Promise.resolve()).then(task);
  sqliteTurns.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

function reusedKey(request: WriteRequest): GraphQLError {
  return new GraphQLError(
    `idempotency key "${request.key}" was already used by ${request.mutation} with a different input; a new write needs a new key`,
    {
      extensions: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'input.idempotencyKey',
        idempotencyKey: request.key,
        mutation: request.mutation,
      },
    },
  );
}

/**
 * Runs `work` once per (mutation, key), in one transaction with the record of the key:
 * - the key already used with the same input: the stored answer, nothing written (`replayed`);
 * - used with another input: IDEMPOTENCY_KEY_REUSED, nothing written;
 * - new: `work` writes, its answer is stored with the key, and both commit together.
 * Two requests racing with one key both insert the key's record; the loser's transaction rolls
 * back (its writes with it) and its next try finds the winner's record and replays it.
 */
export async function idempotentWrite<Result>(
  db: DataSource,
  request: WriteRequest,
  work: (manager: EntityManager) => Promise<Result>,
): Promise<WriteOutcome<Result>> {
  idempotencyKey(request.key);
  const hash = inputHash(request.input);
  const stored = { mutation: request.mutation, idempotencyKey: scopedKey(request.partner, request.key) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTurn(db, () =>
        db.transaction(async (manager): Promise<WriteOutcome<Result>> => {
          const previous = await manager.findOneBy(IdempotencyRecord, stored);
          if (previous !== null) {
            if (previous.inputHash !== hash) throw reusedKey(request);
            return { result: JSON.parse(previous.result) as Stored<Result>, replayed: true };
          }
          const result = JSON.stringify(await work(manager));
          await manager.insert(IdempotencyRecord, { ...stored, inputHash: hash, result, createdAt: new Date() });
          // Parsed back, so that the first answer and every replay are the same value.
          return { result: JSON.parse(result) as Stored<Result>, replayed: false };
        }),
      );
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !lostRace(error)) throw error;
    }
  }
}

/** A write that would record what is already recorded under another key. */
export function conflict(message: string, id: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', id } });
}

/** The next id of a table with integer ids that the seed numbered; a concurrent write taking it loses the race and tries again. */
export async function nextIntegerId(manager: EntityManager, table: string): Promise<number> {
  const [row] = await manager.query<{ maxId: unknown }[]>(`SELECT MAX(id) AS maxId FROM ${table}`);
  return Number(row?.maxId ?? 0) + 1;
}
