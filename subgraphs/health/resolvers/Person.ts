import type { PersonResolvers } from '../generated/resolvers.js';

export const Person: PersonResolvers = {
  // Null for a pseudonym health has never cared for: health answers only for its own part.
  __resolveReference: (reference, ctx) => ctx.loaders.pathway.load(reference.pseudonym),
  admissions: (person, _, ctx) => ctx.loaders.admissionsByPerson.load(person.pseudonym),
  housing: (person, _, ctx) => ctx.loaders.housingByPerson.load(person.pseudonym),
  regionalOrientations: (person, _, ctx) => ctx.loaders.orientationsByPerson.load(person.pseudonym),
};
