import type { YearResolvers } from '../generated/resolvers.js';

export const Year: YearResolvers = {
  // Plan owns years: the reference carries all social needs.
  __resolveReference: (reference) => reference,
  social: (year) => ({ year: year.year }),
};
