type YearRef = { readonly year: number };

export const Year = {
  // Plan owns years: the reference carries all social needs.
  __resolveReference: (reference: YearRef) => reference,
  social: (year: YearRef) => ({ year: year.year }),
};
