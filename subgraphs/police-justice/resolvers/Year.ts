export const Year = {
  // The plan subgraph owns years: nothing to read here.
  __resolveReference: (reference: { year: number }) => ({ year: reference.year }),
  policeJustice: (year: { year: number }) => ({ year: year.year }),
};
