type YearRef = { year: number };

/** Year is owned by the plan subgraph: RATP adds its figures for the year. */
export const Year = {
  __resolveReference: (reference: YearRef) => reference,
  ratp: (year: YearRef) => ({ year: year.year }),
};
