import type { PersonResolvers } from '../generated/resolvers.js';

export const Person: PersonResolvers = {
  // Null for a pseudonym social services have never met: social answers only for its own part.
  __resolveReference: (reference, ctx) => ctx.loaders.pathway.load(reference.pseudonym),
  outreachContacts: (person, _, ctx) => ctx.loaders.contactsByPerson.load(person.pseudonym),
  restSpaceVisits: (person, _, ctx) => ctx.loaders.visitsByPerson.load(person.pseudonym),
};
