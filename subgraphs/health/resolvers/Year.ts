export const Year = {
  __resolveReference: (reference: { year: number }) => ({ year: reference.year }),
  health: (year: { year: number }) => ({ year: year.year }),
};
