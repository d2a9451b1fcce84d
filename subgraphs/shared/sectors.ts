/**
 * The plan's six sectors. The plan subgraph owns them (its seed refuses to diverge from this list);
 * the other subgraphs only store these codes and refuse any other as a filter.
 */
export const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'] as const;
export type SectorCode = (typeof sectorCodes)[number];

/** Narrows a client's or a row's string to a sector code of the plan. */
export function isSectorCode(code: string): code is SectorCode {
  return (sectorCodes as readonly string[]).includes(code);
}
