import type { YearResolvers } from '../generated/resolvers.js';
export const Year: YearResolvers = {
  __resolveReference: (reference) => ({ year: reference.year }),
  health: (year) => ({ year: year.year }),
};
