import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Helpers of the subgraphs' seeds. The synthetic rows must be the same on every run and engine, so
 * every random draw goes through a seeded PRNG, and each helper draws a fixed number of times.
 */

/** A source of uniform numbers in [0, 1), like Math.random but seeded. */
export type Random = () => number;

/** mulberry32: a small seeded PRNG, so that every seed gives the same rows. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number from `min` to `max`, both included (one draw). */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One item of a non-empty list (one draw). */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Shuffles in place (Fisher–Yates, one draw per item but the first) and returns the same array. */
export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Every date from `from` to `to` inclusive, as 'YYYY-MM-DD'. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (const day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

/** `count` dates drawn from `from` to `to` inclusive (one draw each), sorted. */
export function drawDates(random: Random, from: string, to: string, count: number): string[] {
  const days = daysBetween(from, to);
  return Array.from({ length: count }, () => pick(random, days)).sort();
}

/** Splits `total` into integers proportional to `weights` (largest remainder), so the sum is exact. */
export function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((w) => (total * w) / sum);
  const values = quotas.map(Math.floor);
  let missing = total - values.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    values[i] = (values[i] ?? 0) + 1;
  }
  return values;
}

/** Inserts in chunks of at most 500 rows (MySQL limits the placeholders of one statement), without reading anything back. */
export async function insertChunks<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + 500))
      .updateEntity(false)
      .execute();
  }
}

/** How many synthetic care pathways the seeds follow: social meets every one, health a part of them. */
export const PATHWAY_COUNT = 300;

/** The days the synthetic care pathways span, both included. */
export const pathwayPeriod = { from: '2022-01-01', to: '2023-12-31' } as const;

/**
 * The pseudonym of the i-th care pathway (1 to PATHWAY_COUNT), the key social and health both use:
 * `PX-` and 8 hex digits of a 32-bit hash of i. The hash (murmur3's finaliser) is a bijection, so
 * two pathways never share a pseudonym, and its output does not reveal the order of i.
 */
export function pathwayPseudonym(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i > 0xffffffff) throw new RangeError(`pathwayPseudonym: ${i} is not a 32-bit unsigned integer`);
  let hash = (i ^ 0x2023_1130) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return `PX-${hash.toString(16).toUpperCase().padStart(8, '0')}`;
}
