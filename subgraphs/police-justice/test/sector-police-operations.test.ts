import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as policeJustice } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

/**
 * Sector.policeOperations is bounded by `first` (default 20, at most 500): the first operations of
 * the range in the order the unbounded list had, oldest first (date, then id), per sector.
 */

type Operation = { id: string; date: string };
const sectorCodes = ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'];
const representations = { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) };
const wholeSpan = { from: '2022-01-01', to: '2023-11-30' };
const sectorOperations = (
  firstArgument: string,
) => `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { code
  policeOperations(from: "${wholeSpan.from}", to: "${wholeSpan.to}"${firstArgument}) { id date } } } }`;

describe.each(testEngines)('Sector.policeOperations bounded by first, on $kind', (engine) => {
  let subgraph: RunningSubgraph;
  /** Every sector's operations of the span, from the unbounded Query.policeOperations (ordered by date, then id). */
  const unbounded = new Map<string, Operation[]>();

  beforeAll(async () => {
    subgraph = await startSubgraph(policeJustice, await engine.freshDatabase('police-justice', 'sectorops'), { scale: 2 });
    for (const sector of sectorCodes) {
      const { data, errors } = await subgraph.query<{ policeOperations: Operation[] }>(
        'query ($sector: ID!, $from: Date!, $to: Date!) { policeOperations(sector: $sector, from: $from, to: $to) { id date } }',
        { sector, ...wholeSpan },
      );
      expect(errors).toBeUndefined();
      unbounded.set(sector, data?.policeOperations ?? []);
    }
  });
  afterAll(async () => subgraph?.stop());

  it('lists 20 by default, the oldest of the range, for every sector in one batch', async () => {
    const { data, errors } = await subgraph.query<{ _entities: { code: string; policeOperations: Operation[] }[] }>(
      sectorOperations(''),
      representations,
    );
    expect(errors).toBeUndefined();
    // Scale 2: 6 operations a month over 23 months, spread over the sectors, so every sector but Forceval (dismantled in October 2022) has more than 20.
    expect(sectorCodes.map((code) => unbounded.get(code)?.length ?? 0).map((count) => count > 20)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(data?._entities).toEqual(sectorCodes.map((code) => ({ code, policeOperations: (unbounded.get(code) ?? []).slice(0, 20) })));
  });

  it('lists exactly `first`, 0 and 500 included', async () => {
    for (const first of [0, 3, 500]) {
      const { data, errors } = await subgraph.query<{ _entities: { code: string; policeOperations: Operation[] }[] }>(
        sectorOperations(`, first: ${first}`),
        representations,
      );
      expect(errors).toBeUndefined();
      expect({ first, sectors: data?._entities }).toEqual({
        first,
        sectors: sectorCodes.map((code) => ({ code, policeOperations: (unbounded.get(code) ?? []).slice(0, first) })),
      });
    }
  });

  it.each([-1, 501])('refuses first: %i, naming the argument and its bounds', async (first) => {
    const { data, errors } = await subgraph.query(sectorOperations(`, first: ${first}`), representations);
    // The field is nullable: each sector gets null and its own error.
    expect(data?._entities).toEqual(sectorCodes.map((code) => ({ code, policeOperations: null })));
    expect(errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual(
      sectorCodes.map(() => ({
        message: `Sector.policeOperations: "first" must be between 0 and 500, got ${first}`,
        code: 'BAD_USER_INPUT',
      })),
    );
  });
});
