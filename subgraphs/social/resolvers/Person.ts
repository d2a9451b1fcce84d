import type { SocialContext } from '../context.js';

type PersonRef = { readonly pseudonym: string };

export const Person = {
  // Null for a pseudonym social services have never met: social answers only for its own part.
  __resolveReference: (reference: PersonRef, ctx: SocialContext) => ctx.loaders.pathway.load(reference.pseudonym),
  outreachContacts: (person: PersonRef, _: unknown, ctx: SocialContext) => ctx.loaders.contactsByPerson.load(person.pseudonym),
  restSpaceVisits: (person: PersonRef, _: unknown, ctx: SocialContext) => ctx.loaders.visitsByPerson.load(person.pseudonym),
};
