import type { HealthContext } from '../context.js';

type PersonRef = { readonly pseudonym: string };

export const Person = {
  // Null for a pseudonym health has never cared for: health answers only for its own part.
  __resolveReference: (reference: PersonRef, ctx: HealthContext) => ctx.loaders.pathway.load(reference.pseudonym),
  admissions: (person: PersonRef, _: unknown, ctx: HealthContext) => ctx.loaders.admissionsByPerson.load(person.pseudonym),
  housing: (person: PersonRef, _: unknown, ctx: HealthContext) => ctx.loaders.housingByPerson.load(person.pseudonym),
  regionalOrientations: (person: PersonRef, _: unknown, ctx: HealthContext) => ctx.loaders.orientationsByPerson.load(person.pseudonym),
};
