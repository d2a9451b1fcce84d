import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as social } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

/**
 * Sector.outreachRounds(first:) reads at most about `first` rounds per sector: its answer must stay
 * the newest `first` of the range (date descending, then slot, level and id ascending), including
 * when reinforcement rounds (scale > 1) share a day, slot and level, and when the range holds fewer.
 */

const sectorCodes = ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'];
const representations = { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) };
type Round = { id: string; date: string; slot: string; level: string };

describe.each(testEngines)('Sector.outreachRounds, the newest `first` per sector, on $kind', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(social, await engine.freshDatabase('social', 'latestrounds'), { scale: 3 });
  });
  afterAll(async () => subgraph?.stop());

  /** The expected answer, from every detail row of the range, sorted and cut here. */
  async function expected(from: string | null, to: string | null, first: number): Promise<{ code: string; outreachRounds: Round[] }[]> {
    const rows = await subgraph.built.db.query<(Round & { sectorCode: string })[]>(
      'SELECT id, date, slot, level, sectorCode FROM outreach_rounds',
    );
    const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return sectorCodes.map((code) => ({
      code,
      outreachRounds: rows
        .filter((row) => row.sectorCode === code && (from === null || row.date >= from) && (to === null || row.date <= to))
        .sort((a, b) => ascending(b.date, a.date) || ascending(a.slot, b.slot) || ascending(a.level, b.level) || ascending(a.id, b.id))
        .slice(0, first)
        .map(({ id, date, slot, level }) => ({ id, date, slot, level })),
    }));
  }

  it.each([
    { from: '2023-01-01', to: '2023-11-30', first: 3 },
    { from: '2023-01-01', to: '2023-11-30', first: 9 },
    // One day: 4 rounds per sector and a few reinforcements, fewer than `first`.
    { from: '2023-03-20', to: '2023-03-20', first: 50 },
    { from: null, to: '2022-06-30', first: 5 },
    { from: '2023-11-01', to: null, first: 5 },
    { from: '2023-01-01', to: '2023-11-30', first: 0 },
  ])('from $from to $to, first $first', async ({ from, to, first }) => {
    const args = [from === null ? '' : `from: "${from}"`, to === null ? '' : `to: "${to}"`, `first: ${first}`].filter(Boolean).join(', ');
    const { data, errors } = await subgraph.query<{ _entities: { code: string; outreachRounds: Round[] }[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { code outreachRounds(${args}) { id date slot level } } } }`,
      representations,
    );
    expect(errors).toBeUndefined();
    const want = await expected(from, to, first);
    if (first === 9) expect(want.every((sector) => sector.outreachRounds.length === 9)).toBe(true);
    expect(data?._entities).toEqual(want);
  });

  it('orders a day’s rounds that share slot and level by id, and cuts among them', async () => {
    // The newest day with a reinforcement round: its sector has two rounds of one slot and level.
    const [day] = await subgraph.built.db.query<{ date: string }[]>(
      "SELECT MAX(date) AS date FROM outreach_rounds WHERE id LIKE '%-extra-%'",
    );
    const date = String(day?.date);
    const want = await expected(date, date, 4);
    // That day one sector has its 4 usual rounds and a reinforcement: 4 of the 5 or more are kept.
    const all = await expected(date, date, 50);
    expect(all.some((sector) => sector.outreachRounds.length > 4)).toBe(true);
    expect(want.map((sector) => sector.outreachRounds.length)).toEqual(sectorCodes.map(() => 4));
    const { data, errors } = await subgraph.query<{ _entities: { code: string; outreachRounds: Round[] }[] }>(
      `query ($representations: [_Any!]!, $date: Date!) { _entities(representations: $representations) { ... on Sector { code outreachRounds(from: $date, to: $date, first: 4) { id date slot level } } } }`,
      { ...representations, date },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual(want);
  });
});
