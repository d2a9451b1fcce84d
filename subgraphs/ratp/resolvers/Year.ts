import type { YearResolvers } from '../generated/resolvers.js';

/** Year is owned by the plan subgraph: RATP adds its figures for the year. */
export const Year: YearResolvers = {
  __resolveReference: (reference) => reference,
  ratp: (year) => ({ year: year.year }),
};
