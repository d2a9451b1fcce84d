import type { YearResolvers } from '../generated/resolvers.js';
export const Year: YearResolvers = {
  // The plan subgraph owns years: nothing to read here.
  __resolveReference: (reference) => ({ year: reference.year }),
  policeJustice: (year) => ({ year: year.year }),
};
