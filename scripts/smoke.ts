import { buildSubgraph } from '/work/main/subgraphs/shared/subgraph.js';
import { plan } from '/work/main/subgraphs/plan/server.js';
const built = await buildSubgraph(plan, { database: { kind: 'sqlite', file: ':memory:' }, seedIfEmpty: { scale: 1 } });
const r = await built.server.executeOperation({ query: `{ plan { name signedOn signatories { code } } planStep(number:1){ completion { total done partiallyDone doneOrPartiallyDonePercent } priorities } s2: planStep(number:2){priorities actions{ id leadPartner{name}}} year(year:2023){ committeeMeetings { date attendees{code} } } sectors{code arrondissements} _entities(representations:[{__typename:"Sector",code:"eole"},{__typename:"Partner",code:"ratp"}]){ ... on Sector{name} ... on Partner {name}} }` }, { contextValue: built.createContext() });
console.log(JSON.stringify(r.body, null, 1).slice(0, 3000));
