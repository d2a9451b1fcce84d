/**
 * The names a new subgraph's files use, all derived from its kebab-case name and its entity's
 * type name, so that every file of the scaffold agrees with the others.
 */

/** `mildeca-prevention`: lower-case words of letters and digits joined by hyphens. */
export const subgraphNamePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** MySQL user names hold at most 32 characters, and the user is the name with underscores. */
export const maxSubgraphNameLength = 32;
/** A GraphQL type name that is also a TypeScript class name. */
export const entityNamePattern = /^[A-Z][A-Za-z0-9]*$/;

/** Words of a PascalCase or camelCase name: `AwarenessCampaign` → awareness, campaign. */
function wordsOfPascal(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** English plural of the last word: campaign → campaigns, entry → entries, address → addresses. */
export function plural(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

export interface ScaffoldNames {
  /** `mildeca-prevention`: folder, supergraph name, docker-compose service, scope prefix. */
  readonly subgraph: string;
  /** `mildecaPrevention`. */
  readonly camel: string;
  /** `MildecaPrevention`: the context type is `MildecaPreventionContext`. */
  readonly pascal: string;
  /** `mildeca_prevention`: MySQL user and database suffix. */
  readonly snake: string;
  /** `AwarenessCampaign`: GraphQL type, TypeORM class, resolver file. */
  readonly entity: string;
  /** `awarenessCampaign`: the loader of one row by id. */
  readonly entityCamel: string;
  /** `awarenessCampaigns`: the root field and the field added to Sector. */
  readonly listField: string;
  /** `awareness campaign`, `awareness campaigns`: for descriptions and seeded titles. */
  readonly entityWords: string;
  readonly entityWordsPlural: string;
  /** `awareness_campaigns`. */
  readonly table: string;
  /** `MildecaPreventionContext`. */
  readonly context: string;
  /** `MildecaPreventionResolverContext`: what its resolvers receive, the generated resolver types' context (schema/codegen.ts). */
  readonly resolverContext: string;
  /** `mildeca-prevention:read`: the scope its fields require. */
  readonly readScope: string;
}

export function scaffoldNames(subgraph: string, entity?: string): ScaffoldNames {
  const words = subgraph.split('-');
  const pascal = words.map(capitalize).join('');
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  const entityName = entity ?? `${pascal}Entry`;
  const entityWords = wordsOfPascal(entityName);
  const pluralWords = [...entityWords.slice(0, -1), plural(entityWords.at(-1) ?? '')];
  const entityCamel = entityName.charAt(0).toLowerCase() + entityName.slice(1);
  return {
    subgraph,
    camel,
    pascal,
    snake: words.join('_'),
    entity: entityName,
    entityCamel,
    listField: [pluralWords[0] ?? '', ...pluralWords.slice(1).map(capitalize)].join(''),
    entityWords: entityWords.join(' '),
    entityWordsPlural: pluralWords.join(' '),
    table: pluralWords.join('_'),
    context: `${pascal}Context`,
    resolverContext: `${pascal}ResolverContext`,
    readScope: `${subgraph}:read`,
  };
}

/** Words a variable may not be named, so the registry imports such a subgraph under another name. */
export const reservedWords: ReadonlySet<string> = new Set(
  (
    'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return static super switch this ' +
    'throw true try typeof var void while with yield'
  ).split(' '),
);
