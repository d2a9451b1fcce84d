/**
 * Random requests for the plan-wide graph, from its API schema: valid operations (ordinary and
 * hostile argument values, inline or as variables, anonymous or with a token) and malformed HTTP
 * requests. Shared by the fuzz test and `npm run fuzz`.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Lexer,
  Source,
  TokenKind,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { SignJWT } from 'jose';
import { defaultListSize, defaultQueryLimits } from '../../gateway/limits.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { developmentAudience, developmentIssuer } from '../../platform/keys.js';
import { pathwayPseudonym } from '../../subgraphs/shared/seeding.js';
import { mintToken } from '../support/identity.js';
import { isProtectedField, type ApiModel } from './api-model.js';
import { knownScopes } from '../../subgraphs/registry.js';

export const categories = [
  'query ordinary',
  'query hostile',
  'mutation ordinary',
  'mutation hostile',
  'mutated document',
  'mutated json',
  'wrong json types',
  'deep variables',
  'huge list',
  'long operation name',
  'unknown operation name',
  'several operations',
  'subscription',
  'batch',
  'get',
  'other methods',
  'content types',
  'accept headers',
  'bad tokens',
] as const;
export type Category = (typeof categories)[number];

/** A field of a generated operation, by the key its value has in the answer. */
export interface SelectedField {
  readonly responseKey: string;
  /** `Type.field`, e.g. `Sector.policeOperations`. */
  readonly coordinate: string;
  /** Carries @authenticated/@requiresScopes/@policy, or is of a type that does. */
  readonly protected: boolean;
  readonly children: readonly SelectedField[];
}

export interface FuzzRequest {
  readonly category: Category;
  readonly method: string;
  /** Path and query string, e.g. `/` or `/?query=…`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /**
   * For a request without a valid identity (anonymous or a refused token) that carries a generated
   * operation: the selection its answer's data is walked along, so no protected value slips out.
   */
  readonly unauthenticatedSelection: readonly SelectedField[] | undefined;
  /** What the body alone does not say, e.g. `variables nested 100000 deep`. */
  readonly note: string;
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface FuzzTokens {
  /** Bearer tokens the gateway accepts: a reader of everything, a writer of everything, the owners of health and social data. */
  readonly valid: readonly string[];
  /** Authorization header values the gateway must refuse (401), each with what is wrong with it. */
  readonly refused: readonly { readonly header: string; readonly what: string }[];
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens minted once per run: valid ones last `validForSeconds`, so a long run does not see them expire. */
export async function mintFuzzTokens(validForSeconds: number): Promise<FuzzTokens> {
  const expiresIn = validForSeconds;
  const valid = [
    await mintToken({ expiresIn }),
    await mintToken({ expiresIn, partner: 'pref-police', scopes: knownScopes, agent: 'fuzz-writer' }),
    await mintToken({ expiresIn, partner: 'ap-hp', scopes: ['health:read', 'health:write'], agent: 'fuzz-health' }),
    await mintToken({ expiresIn, partner: 'ville-paris', scopes: ['social:read', 'social:write', 'audit:read'], agent: 'fuzz-social' }),
  ];
  const reader = valid[0]!;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: 'fuzz',
    partner: 'pref-idf',
    scope: 'plan:read',
    iss: developmentIssuer,
    aud: developmentAudience,
    iat: now,
    exp: now + expiresIn,
  };
  const strangerKey = generateKeyPairSync('ed25519').privateKey;
  const flipped = `${reader.slice(0, -3)}${reader.at(-3) === 'A' ? 'B' : 'A'}${reader.slice(-2)}`;
  const refused: { header: string; what: string }[] = [
    { header: `Bearer ${await mintToken({ expiresIn: -60 })}`, what: 'expired' },
    { header: `Bearer ${await mintToken({ notBeforeIn: 3600, expiresIn: 7200 })}`, what: 'not yet valid' },
    { header: `Bearer ${await mintToken({ expiresIn, audience: 'another-graph' })}`, what: 'wrong audience' },
    { header: `Bearer ${await mintToken({ expiresIn, issuer: 'https://idp.example' })}`, what: 'wrong issuer' },
    { header: `Bearer ${await mintToken({ expiresIn, partner: 'nobody' })}`, what: 'unknown partner' },
    { header: `Bearer ${flipped}`, what: 'signature altered' },
    {
      header: `Bearer ${await signAgentToken(strangerKey, { agent: 'fuzz', partner: 'pref-idf', scopes: knownScopes, issuer: developmentIssuer, audience: developmentAudience, expiresAt: now + expiresIn })}`,
      what: 'signed by another key',
    },
    { header: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`, what: 'unsigned (alg none)' },
    {
      header: `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'))}`,
      what: 'HS256 with a guessed secret',
    },
    { header: 'Bearer garbage', what: 'garbage' },
    { header: 'Bearer a.b.c', what: 'three garbage segments' },
    { header: `Bearer ${'A'.repeat(8000)}`, what: '8 KB of garbage' },
    { header: 'Bearer', what: 'no token' },
    { header: 'Bearer  ', what: 'blank token' },
    { header: 'Basic dXNlcjpwYXNzd29yZA==', what: 'basic credentials' },
    { header: `Bearer ${reader} ${reader}`, what: 'two tokens' },
    { header: `Token ${reader}`, what: 'unknown scheme' },
    { header: `Bearer ${reader}\u00e9`, what: 'non-ASCII after a valid token' },
  ];
  return { valid, refused };
}

// ---------------------------------------------------------------------------------------------
// Argument values

/** Values of the plan's seed, so that ordinary operations find data. */
const known = {
  sectors: ['stalingrad', 'eole', 'forceval', 'rosa-parks', 'porte-de-la-chapelle', 'canal-ourcq'],
  stations: [
    'stalingrad',
    'jaures',
    'la-chapelle',
    'marx-dormoy',
    'porte-de-la-chapelle',
    'rosa-parks',
    'corentin-cariou',
    'laumiere',
    'ourcq',
    'porte-de-la-villette',
  ],
  partners: ['pref-idf', 'pref-police', 'parquet-paris', 'ars-idf', 'ap-hp', 'ghu-paris', 'ville-paris', 'ratp', 'mildeca'],
  receptionSites: ['stalingrad-day-reception', 'rosa-parks-night-shelter'],
  facilities: [
    'lariboisiere-addictologie',
    'bichat-addictologie',
    'ghu-psychiatrie-paris-18',
    'ghu-psychiatrie-paris-19',
    'sainte-anne-assessment-unit',
  ],
  planActions: ['1.01', '1.05', '1.06', '1.07', '2.01', '3.02'],
  lines: ['2', '4', '5', '7', '12'],
  pseudonyms: Array.from({ length: 8 }, (_, index) => pathwayPseudonym(index)),
  other: ['1', '2', '42'],
};

type Mode = 'ordinary' | 'hostile';

/** An argument value as generated, printable both as a GraphQL literal and as JSON. */
export type InputValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly InputValue[] }
  | { readonly kind: 'object'; readonly fields: readonly (readonly [string, InputValue])[] };

type Json = null | number | string | boolean | readonly Json[] | { readonly [key: string]: Json };

const nullValue: InputValue = { kind: 'null' };
const num = (value: number): InputValue => ({ kind: 'number', value });
const str = (value: string): InputValue => ({ kind: 'string', value });

export function toJson(value: InputValue): Json {
  switch (value.kind) {
    case 'null':
      return null;
    case 'number':
    case 'string':
    case 'boolean':
    case 'enum':
      return value.value;
    case 'list':
      return value.items.map(toJson);
    case 'object':
      return Object.fromEntries(value.fields.map(([name, field]) => [name, toJson(field)]));
  }
}

const isName = (text: string) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(text) && !['true', 'false', 'null'].includes(text);

export function toLiteral(value: InputValue): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'number':
      // String(2 ** 31) is "2147483648", String(1e300) "1e+300": both GraphQL number literals.
      return Object.is(value.value, -0) ? '0' : String(value.value);
    case 'string':
      // JSON's escapes are GraphQL's (\", \\, \n, \uXXXX …).
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'enum':
      return isName(value.value) ? value.value : JSON.stringify(value.value);
    case 'list':
      return `[${value.items.map(toLiteral).join(', ')}]`;
    case 'object':
      return `{${value.fields.map(([name, field]) => `${name}: ${toLiteral(field)}`).join(', ')}}`;
  }
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const ordinaryDate = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2024-12-31T23:59:59Z'), noInvalidDate: true });

/** Identifiers from the seed: those of the kind a name says (`sector`, `station`, …), else all of them. */
function idPool(hint: string): readonly string[] {
  const all = Object.values(known).flat();
  if (/sector/i.test(hint)) return known.sectors;
  if (/station/i.test(hint)) return known.stations;
  if (/partner/i.test(hint)) return known.partners;
  if (/facility/i.test(hint)) return known.facilities;
  if (/site/i.test(hint)) return known.receptionSites;
  if (/line/i.test(hint)) return known.lines;
  if (/action/i.test(hint)) return known.planActions;
  return all;
}

/** The field and argument names that tell what an ID or String argument holds, e.g. `sector.code`. */
interface Hint {
  readonly field: string;
  readonly argument: string;
}

function ordinaryScalar(typeName: string, hint: Hint): fc.Arbitrary<InputValue> {
  const name = hint.argument;
  switch (typeName) {
    case 'Int':
      if (name === 'year') return fc.integer({ min: 2019, max: 2024 }).map(num);
      if (name === 'first') return fc.integer({ min: 1, max: 20 }).map(num);
      if (name === 'number') return fc.integer({ min: 1, max: 12 }).map(num);
      return fc.integer({ min: 0, max: 10 }).map(num);
    case 'Count':
      return fc.integer({ min: 0, max: 40 }).map(num);
    case 'Float':
      return fc.double({ min: 0, max: 100, noNaN: true }).map(num);
    case 'Boolean':
      return fc.boolean().map((value) => ({ kind: 'boolean', value }));
    case 'Date':
      return ordinaryDate.map((date) => str(isoDate(date)));
    case 'DateTime':
      return ordinaryDate.map((date) => str(`${date.toISOString().slice(0, 19)}Z`));
    case 'ID':
      if (name === 'pseudonym') return fc.constantFrom(...known.pseudonyms).map(str);
      // `sector(code:)`, `healthFacility(id:)`: the field says what the ID names; `sector:`, `station:` say it themselves.
      return fc.constantFrom(...idPool(name === 'code' || name === 'id' ? hint.field : name), ...known.other).map(str);
    default:
      // String and any other scalar.
      if (name === 'idempotencyKey') return fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/).map(str);
      return fc.constantFrom('UASA – équipe mobile 2', 'Aurore', 'Gaïa', 'maraude', 'contrôle de voie publique').map(str);
  }
}

const hostileInts = [
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53),
  1e21,
  1e300,
  -1e300,
  -1,
  -1_000_000,
  0,
  1.5,
  -0.5,
  1e-7,
];
const sqlish = [
  "' OR '1'='1",
  "stalingrad'; DROP TABLE sector; --",
  'stalingrad" OR ""="',
  '1 UNION SELECT name FROM sqlite_master',
  '%',
  '_',
  '%_%',
  '\\',
  "'",
  '"',
  '`',
  '--',
  '/*',
  ';',
];
const oddStrings = [
  '',
  ' ',
  'stalingrad ',
  ' stalingrad',
  'STALINGRAD',
  'stalingrad\u0000',
  '\u0000',
  '\u0001\u0002\u0003\b\t\n\r\u001b[31m',
  '\u202e\u200b\ufeff',
  'e\u0301',
  '🚇🧪',
  '\ud800',
  '\udfff\ud800',
  'ß'.repeat(100),
  '../../../../etc/passwd',
  '${jndi:ldap://example.invalid/a}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
];
const hostileDates = [
  '2023-02-30',
  '2023-02-29',
  '2024-02-30',
  '99999-01-01',
  '+275760-09-13',
  '-001000-01-01',
  '2023-13-01',
  '2023-00-10',
  '0000-00-00',
  '0000-01-01',
  '1970-01-01',
  '1900-01-01',
  '2100-01-01',
  '9999-12-31',
  '2023-1-1',
  '20230101',
  '2023/01/01',
  '2023-01-01 ',
  '2023-10-01T00:00:00Z',
  'today',
];
const hostileDateTimes = [
  '2023-02-30T10:00:00Z',
  '99999-01-01T00:00:00Z',
  '2019-01-01T24:00:00Z',
  '2019-01-01T23:61:00Z',
  '2023-10-01T00:00:00+25:00',
  '2023-10-01T00:00:00.123456789Z',
  '2023-10-01T00:00:00',
  '2023-10-01',
  '1900-01-01T00:00:00Z',
  '2100-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  'now',
];

/** 10 to 100 KB: a short random piece repeated (generating 100 K random characters is slow). */
const longString = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }), fc.integer({ min: 10_000, max: 100_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...sqlish, ...oddStrings), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 3 },
  { arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)), maxLength: 32 }), weight: 1 },
  { arbitrary: longString, weight: 1 },
);

function hostileScalar(typeName: string): fc.Arbitrary<InputValue> {
  const wrongType: fc.Arbitrary<InputValue> = fc.constantFrom<InputValue>(
    { kind: 'boolean', value: true },
    { kind: 'object', fields: [['a', num(1)]] },
    { kind: 'list', items: [str('stalingrad'), num(1)] },
  );
  const numbers = fc.oneof(fc.constantFrom(...hostileInts), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })).map(num);
  switch (typeName) {
    case 'Int':
    case 'Count':
    case 'Float':
      return fc.oneof(
        { arbitrary: numbers, weight: 6 },
        { arbitrary: fc.constantFrom('12', '', '1e3').map(str), weight: 1 },
        { arbitrary: wrongType, weight: 1 },
      );
    case 'Boolean':
      return fc.oneof(fc.constantFrom('true', '1', '').map(str), fc.constantFrom(0, 1).map(num), wrongType);
    case 'Date':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...hostileDates).map(str), weight: 6 },
        { arbitrary: hostileString.map(str), weight: 2 },
        { arbitrary: numbers, weight: 1 },
      );
    case 'DateTime':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...hostileDateTimes).map(str), weight: 6 },
        { arbitrary: hostileString.map(str), weight: 2 },
        { arbitrary: numbers, weight: 1 },
      );
    default:
      // ID, String: IDs take numbers too.
      return fc.oneof(
        { arbitrary: hostileString.map(str), weight: 8 },
        { arbitrary: numbers, weight: 1 },
        { arbitrary: wrongType, weight: 1 },
      );
  }
}

/** A list of 2000 to 5000 copies of one item: big, but cheap to generate. */
const manyCopies = (item: fc.Arbitrary<InputValue>) =>
  fc
    .tuple(item, fc.integer({ min: 2000, max: 5000 }))
    .map(([value, count]): InputValue => ({ kind: 'list', items: Array.from({ length: count }, () => value) }));

function ordinaryValue(type: GraphQLInputType, hint: Hint): fc.Arbitrary<InputValue> {
  if (isNonNullType(type)) return ordinaryPresentValue(type.ofType, hint);
  const present = ordinaryPresentValue(type, hint);
  return fc.oneof({ arbitrary: present, weight: 9 }, { arbitrary: fc.constant(nullValue), weight: 1 });
}

function ordinaryPresentValue(type: GraphQLInputType, hint: Hint): fc.Arbitrary<InputValue> {
  const nullable = getNullableType(type);
  if (isListType(nullable))
    return fc.array(ordinaryValue(nullable.ofType, hint), { maxLength: 3 }).map((items): InputValue => ({ kind: 'list', items }));
  if (isEnumType(nullable))
    return fc.constantFrom(...nullable.getValues().map((value) => value.name)).map((value): InputValue => ({ kind: 'enum', value }));
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields()).map((field) => {
      const value = isNonNullType(field.type)
        ? ordinaryPresentValue(field.type, { field: hint.field, argument: field.name })
        : ordinaryValue(field.type, { field: hint.field, argument: field.name });
      return value.map((fieldValue) => [field.name, fieldValue] as const);
    });
    return fc.tuple(...fields).map((entries): InputValue => ({ kind: 'object', fields: entries }));
  }
  return ordinaryScalar(nullable.name, hint);
}

function hostileValue(type: GraphQLInputType, hint: Hint): fc.Arbitrary<InputValue> {
  const nullable = getNullableType(type);
  const ordinary = ordinaryPresentValue(type, hint);
  // Null even where the type forbids it.
  const always = [{ arbitrary: fc.constant(nullValue), weight: 1 }];
  if (isListType(nullable)) {
    const item = hostileValue(nullable.ofType, hint);
    return fc.oneof(
      ...always,
      { arbitrary: fc.constant<InputValue>({ kind: 'list', items: [] }), weight: 2 },
      { arbitrary: fc.array(item, { maxLength: 5 }).map((items): InputValue => ({ kind: 'list', items })), weight: 3 },
      { arbitrary: manyCopies(fc.oneof(ordinaryValue(nullable.ofType, hint), item)), weight: 1 },
      {
        arbitrary: fc.array(item, { maxLength: 3 }).map((items): InputValue => ({ kind: 'list', items: [{ kind: 'list', items }] })),
        weight: 1,
      },
      // A single item where a list goes: GraphQL coerces it to a list of one.
      { arbitrary: item, weight: 1 },
    );
  }
  if (isEnumType(nullable)) {
    const names = nullable.getValues().map((value) => value.name);
    return fc.oneof(
      ...always,
      {
        arbitrary: fc
          .constantFrom(...names.map((name) => name.toLowerCase()), 'NOPE', '', '__proto__', 'constructor')
          .map((value): InputValue => ({ kind: 'enum', value })),
        weight: 4,
      },
      { arbitrary: fc.constantFrom(...names).map(str), weight: 2 },
      { arbitrary: fc.constantFrom(0, 1, -1, 2 ** 31).map(num), weight: 2 },
      { arbitrary: hostileString.map(str), weight: 1 },
    );
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    const eachField = fc.tuple(
      ...fields.map((field) =>
        fc
          .oneof(
            {
              arbitrary: ordinaryPresentValue(field.type, { field: hint.field, argument: field.name }).map(
                (value): InputValue | undefined => value,
              ),
              weight: 2,
            },
            {
              arbitrary: hostileValue(field.type, { field: hint.field, argument: field.name }).map(
                (value): InputValue | undefined => value,
              ),
              weight: 2,
            },
            // Left out, required or not.
            { arbitrary: fc.constant(undefined), weight: 1 },
          )
          .map((value) => [field.name, value] as const),
      ),
    );
    return fc.oneof(
      ...always,
      {
        // Sometimes with a field the input type does not have.
        arbitrary: fc
          .tuple(
            eachField,
            fc
              .nat(4)
              .chain((draw) => (draw === 0 ? hostileScalar('String').map((value) => ['notAField', value] as const) : fc.constant(null))),
          )
          .map(([entries, extra]): InputValue => ({
            kind: 'object',
            fields: [
              ...entries.filter((entry): entry is readonly [string, InputValue] => entry[1] !== undefined),
              ...(extra === null ? [] : [extra]),
            ],
          })),
        weight: 6,
      },
      { arbitrary: fc.constant<InputValue>({ kind: 'object', fields: [] }), weight: 1 },
      { arbitrary: hostileScalar('String'), weight: 1 },
    );
  }
  return fc.oneof(...always, { arbitrary: hostileScalar(nullable.name), weight: 8 }, { arbitrary: ordinary, weight: 2 });
}

// ---------------------------------------------------------------------------------------------
// Operations

interface GeneratedArgument {
  readonly argument: GraphQLArgument;
  readonly value: InputValue;
}

interface GeneratedField {
  readonly parent: GraphQLObjectType;
  readonly field: GraphQLField<unknown, unknown>;
  readonly args: readonly GeneratedArgument[];
  readonly alias: boolean;
  /** `@include(if: …)` or `@skip(if: …)`, or none. */
  readonly directive: { readonly name: 'include' | 'skip'; readonly if: boolean } | null;
  readonly selection: GeneratedSelection | null;
}

interface GeneratedSelection {
  readonly fields: readonly GeneratedField[];
  readonly typename: boolean;
  /** Fields from this index on are printed inside an inline fragment (`... on Type { }`). */
  readonly fragmentFrom: number | null;
}

/** How deep generated selections go (the gateway allows 12). */
const maxGeneratedDepth = 6;

/** What the gateway's estimate multiplies a list field's selection by (gateway/limits.ts listSize). */
function listMultiplier(field: GraphQLField<unknown, unknown>, args: readonly GeneratedArgument[]): number {
  if (!isListType(getNullableType(field.type))) return 1;
  const first = args.find((arg) => arg.argument.name === 'first');
  if (first !== undefined) return first.value.kind === 'number' ? Math.max(0, first.value.value) : defaultListSize;
  const declared = field.args.find((arg) => arg.name === 'first')?.defaultValue;
  return typeof declared === 'number' ? declared : defaultListSize;
}

function argumentsArb(field: GraphQLField<unknown, unknown>, mode: Mode): fc.Arbitrary<readonly GeneratedArgument[]> {
  const each = field.args.map((argument) => {
    const hint = { field: field.name, argument: argument.name };
    const value =
      mode === 'ordinary'
        ? ordinaryPresentValue(argument.type, hint)
        : fc.oneof(ordinaryPresentValue(argument.type, hint), hostileValue(argument.type, hint));
    const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
    // Optional arguments are left out about half the time; hostile runs sometimes leave out required ones too.
    const leaveOutOdds = required ? (mode === 'hostile' ? 10 : 0) : 2;
    const maybe = leaveOutOdds === 0 ? value : fc.option(value, { freq: leaveOutOdds, nil: undefined });
    return maybe.map((generated) => (generated === undefined ? undefined : { argument, value: generated }));
  });
  return fc.tuple(...each).map((args) => args.filter((arg): arg is GeneratedArgument => arg !== undefined));
}

function fieldArb(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  mode: Mode,
  budget: number,
  depthLeft: number,
): fc.Arbitrary<GeneratedField> {
  const type = getNamedType(field.type);
  return fc
    .tuple(argumentsArb(field, mode), fc.nat(9), fc.nat(7), fc.constantFrom('include' as const, 'skip' as const), fc.boolean())
    .chain(([args, aliasDraw, directiveDraw, directiveName, condition]) => {
      // About one field in ten aliased, one in eight with @include or @skip.
      const directive = directiveDraw === 0 ? { name: directiveName, if: condition } : null;
      const base = { parent, field, args, alias: aliasDraw === 0, directive };
      if (isLeafType(type) || !isObjectType(type)) return fc.constant<GeneratedField>({ ...base, selection: null });
      const multiplier = listMultiplier(field, args);
      const childBudget = multiplier === 0 ? budget - 1 : Math.floor((budget - 1) / multiplier);
      return selectionArb(type, mode, childBudget, depthLeft - 1).map((selection): GeneratedField => ({ ...base, selection }));
    });
}

/**
 * A selection on `type` whose estimated cost (gateway/limits.ts: 1 per field, a list's selection
 * times `first` or 10) stays within `budget`, so that ordinary operations are executed, not refused.
 */
function selectionArb(type: GraphQLObjectType, mode: Mode, budget: number, depthLeft: number): fc.Arbitrary<GeneratedSelection> {
  const fields = Object.values(type.getFields()).filter((field) => {
    const named = getNamedType(field.type);
    if (isLeafType(named)) return budget >= 1;
    // An object field needs at least one field below it: 1 + 10 × 1 for a list.
    return depthLeft > 1 && budget >= (isListType(getNullableType(field.type)) ? 1 + defaultListSize : 2);
  });
  if (fields.length === 0) return fc.constant({ fields: [], typename: true, fragmentFrom: null });
  return fc
    .tuple(fc.shuffledSubarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) }), fc.nat(19), fc.nat(3))
    .chain(([chosen, typenameDraw, fragmentDraw]) => {
      const share = Math.floor(budget / chosen.length);
      return fc.tuple(...chosen.map((field) => fieldArb(type, field, mode, share, depthLeft))).map((generated): GeneratedSelection => ({
        fields: generated,
        typename: typenameDraw === 0,
        fragmentFrom: fragmentDraw === 0 && generated.length > 1 ? generated.length - 1 : null,
      }));
    });
}

export interface GeneratedOperation {
  readonly kind: 'query' | 'mutation';
  readonly document: string;
  readonly variables: Record<string, Json> | undefined;
  readonly operationName: string | undefined;
  readonly selection: readonly SelectedField[];
}

/**
 * Prints a generated operation, its argument values inline or as variables, keeping within the
 * gateway's alias and directive limits (past them, fields are printed without alias or directive).
 */
function printOperation(
  model: ApiModel,
  kind: 'query' | 'mutation',
  root: GeneratedSelection,
  asVariables: boolean,
  name: string | undefined,
): GeneratedOperation {
  const definitions: string[] = [];
  const variables: Record<string, Json> = {};
  let aliases = 0;
  let directives = 0;
  const valueText = (value: InputValue, type: string): string => {
    if (!asVariables) return toLiteral(value);
    const variable = `v${definitions.length}`;
    definitions.push(`$${variable}: ${type}`);
    variables[variable] = toJson(value);
    return `$${variable}`;
  };
  const printSelection = (selection: GeneratedSelection): { text: string; selected: SelectedField[] } => {
    const selected: SelectedField[] = [];
    const printed = selection.fields.map((generated, index) => {
      const useAlias = generated.alias && aliases < defaultQueryLimits.maxAliases;
      if (useAlias) aliases += 1;
      const responseKey = useAlias ? `${generated.field.name}_${index}` : generated.field.name;
      const args = generated.args.map((arg) => `${arg.argument.name}: ${valueText(arg.value, String(arg.argument.type))}`);
      let directive = '';
      if (generated.directive !== null && directives < defaultQueryLimits.maxDirectives) {
        directives += 1;
        directive = ` @${generated.directive.name}(if: ${valueText({ kind: 'boolean', value: generated.directive.if }, 'Boolean!')})`;
      }
      const child = generated.selection === null ? null : printSelection(generated.selection);
      selected.push({
        responseKey,
        coordinate: `${generated.parent.name}.${generated.field.name}`,
        protected: isProtectedField(model, generated.parent, generated.field),
        children: child?.selected ?? [],
      });
      return `${useAlias ? `${responseKey}: ` : ''}${generated.field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${directive}${child === null ? '' : ` ${child.text}`}`;
    });
    const from = selection.fragmentFrom ?? printed.length;
    const fragment = from < printed.length ? [`... on ${selection.fields[from]!.parent.name} { ${printed.slice(from).join(' ')} }`] : [];
    const parts = [...(selection.typename ? ['__typename'] : []), ...printed.slice(0, from), ...fragment];
    return { text: `{ ${parts.join(' ')} }`, selected };
  };
  const { text, selected } = printSelection(root);
  const header =
    definitions.length > 0
      ? `${kind}${name === undefined ? '' : ` ${name}`}(${definitions.join(', ')}) `
      : name === undefined
        ? kind === 'query'
          ? ''
          : 'mutation '
        : `${kind} ${name} `;
  return { kind, document: `${header}${text}`, variables: asVariables ? variables : undefined, operationName: name, selection: selected };
}

/** Lexical tokens of a document, counted as the gateway's parser counts them (maxTokens). */
export function countTokens(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    return Infinity; // does not lex: not an ordinary operation
  }
  return count;
}

/** The cost budget of a generated operation: mostly small, sometimes up to the gateway's limit. */
const costBudget = fc.oneof(
  { arbitrary: fc.integer({ min: 5, max: 300 }), weight: 3 },
  { arbitrary: fc.integer({ min: 300, max: defaultQueryLimits.maxCost }), weight: 1 },
);

export function operationArb(model: ApiModel, kind: 'query' | 'mutation', mode: Mode): fc.Arbitrary<GeneratedOperation> {
  const rootType = kind === 'query' ? model.schema.getQueryType() : model.schema.getMutationType();
  if (rootType === null || rootType === undefined) throw new Error(`the API schema has no ${kind} type`);
  // Mutations: one or two writes at a time, not four.
  const root =
    kind === 'query'
      ? costBudget.chain((budget) => selectionArb(rootType, mode, budget, maxGeneratedDepth))
      : mutationSelectionArb(rootType, mode);
  return fc
    .tuple(
      root,
      fc.boolean(),
      fc.option(
        fc.integer({ min: 1, max: 999 }).map((n) => `Fuzz${n}`),
        { freq: 2, nil: undefined },
      ),
      fc.boolean(),
    )
    .map(([selection, asVariables, name, sendName]) => {
      const printed = printOperation(model, kind, selection, asVariables, name);
      return { ...printed, operationName: sendName ? printed.operationName : undefined };
    })
    .filter((operation) => mode === 'hostile' || countTokens(operation.document) <= defaultQueryLimits.maxTokens);
}

function mutationSelectionArb(rootType: GraphQLObjectType, mode: Mode): fc.Arbitrary<GeneratedSelection> {
  const fields = Object.values(rootType.getFields());
  return fc
    .shuffledSubarray(fields, { minLength: 1, maxLength: 2 })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldArb(rootType, field, mode, 200, 4))))
    .map((generated) => ({ fields: generated, typename: false, fragmentFrom: null }));
}

// ---------------------------------------------------------------------------------------------
// Requests

const jsonHeaders = { 'content-type': 'application/json' };

function authorization(token: string | null): Record<string, string> {
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

const bodyOf = (operation: GeneratedOperation): string =>
  JSON.stringify({
    query: operation.document,
    ...(operation.variables === undefined ? {} : { variables: operation.variables }),
    ...(operation.operationName === undefined ? {} : { operationName: operation.operationName }),
  });

/** The gateway refuses bodies over 1 MiB; generated ones stay under it so they test what they mean to. */
const maxGeneratedBodyBytes = 900 * 1024;

/** A generated operation as a client sends it; `identity` draws a valid token, or null for anonymous. */
function validOperationRequest(
  model: ApiModel,
  identity: fc.Arbitrary<string | null>,
  kind: 'query' | 'mutation',
  mode: Mode,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(operationArb(model, kind, mode), identity, fc.boolean())
    .map(([operation, token, acceptJson]): FuzzRequest => ({
      category: `${kind} ${mode}`,
      method: 'POST',
      path: '/',
      headers: {
        ...jsonHeaders,
        ...authorization(token),
        ...(acceptJson ? { accept: 'application/graphql-response+json, application/json' } : {}),
      },
      body: bodyOf(operation),
      unauthenticatedSelection: token === null ? operation.selection : undefined,
      note: `${operation.variables === undefined ? 'inline values' : 'values as variables'}, ${token === null ? 'anonymous' : 'with a token'}`,
    }))
    .filter((request) => Buffer.byteLength(request.body ?? '') <= maxGeneratedBodyBytes);
}

type Edit = readonly ['drop' | 'duplicate' | 'swap' | 'insert', number, string];
const editArb: fc.Arbitrary<Edit> = fc.tuple(
  fc.constantFrom('drop' as const, 'duplicate' as const, 'swap' as const, 'insert' as const),
  fc.nat(),
  fc.constantFrom(...'{}()[]:$@!"\\#,.=|&-0a\u0000\u00e9\ud83d'.split('')),
);

/** Characters dropped, duplicated, swapped with the next, or inserted. */
export function mutateText(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const [edit, position, character] of edits) {
    if (result.length === 0) return character;
    const at = position % result.length;
    if (edit === 'drop') result = result.slice(0, at) + result.slice(at + 1);
    else if (edit === 'duplicate') result = result.slice(0, at + 1) + result.slice(at);
    else if (edit === 'swap') result = result.slice(0, at) + result.charAt(at + 1) + result.charAt(at) + result.slice(at + 2);
    else result = result.slice(0, at) + character + result.slice(at);
  }
  return result;
}

const post = (
  category: Category,
  body: string,
  note: string,
  headers: Record<string, string> = {},
  unauthenticatedSelection?: readonly SelectedField[],
): FuzzRequest => ({
  category,
  method: 'POST',
  path: '/',
  headers: { ...jsonHeaders, ...headers },
  body,
  unauthenticatedSelection,
  note,
});

/** `'{"a":'.repeat(n)`: built as text, since JSON.stringify of such a value would overflow the stack here. */
export function nestedJson(depth: number, shape: 'object' | 'array', leaf = '1'): string {
  return shape === 'object' ? `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

const teamsByRole = 'query ($r: [HospitalStaffRole!]) { healthMobileTeams(withRoles: $r) { id } }';
const sectorByCode = 'query ($c: ID!) { sector(code: $c) { name } }';
const writeOperation = 'mutation ($in: RecordPoliceOperationInput!) { recordPoliceOperation(input: $in) { __typename } }';

function deepVariablesRequest(
  depth: number,
  where: 'input object' | 'enum list' | 'ID' | 'extensions' | 'variables',
  token: string | null,
): FuzzRequest {
  const body =
    where === 'input object'
      ? `{"query":${JSON.stringify(writeOperation)},"variables":{"in":${nestedJson(depth, 'object')}}}`
      : where === 'enum list'
        ? `{"query":${JSON.stringify(teamsByRole)},"variables":{"r":${nestedJson(depth, 'array', '"NURSE"')}}}`
        : where === 'ID'
          ? `{"query":${JSON.stringify(sectorByCode)},"variables":{"c":${nestedJson(depth, 'object')}}}`
          : where === 'extensions'
            ? `{"query":"{ plan { name } }","extensions":${nestedJson(depth, 'object')}}`
            : `{"query":"{ plan { name } }","variables":${nestedJson(depth, 'array')}}`;
  return post(
    'deep variables',
    body,
    `${where} nested ${depth} deep, ${token === null ? 'anonymous' : 'with a token'}`,
    authorization(token),
  );
}

function hugeListRequest(length: number, item: 'integers' | 'enum names' | 'bad names' | 'nulls', token: string | null): FuzzRequest {
  const items = Array.from({ length }, (_, index) =>
    item === 'integers' ? index : item === 'enum names' ? 'NURSE' : item === 'bad names' ? `ROLE_${index}` : null,
  );
  return post(
    'huge list',
    JSON.stringify({ query: teamsByRole, variables: { r: items } }),
    `${length} ${item} for [HospitalStaffRole!], ${token === null ? 'anonymous' : 'with a token'}`,
    authorization(token),
  );
}

function longNameRequest(bytes: number, where: 'operationName only' | 'document and operationName' | 'document only'): FuzzRequest {
  const name = `Op${'x'.repeat(bytes - 2)}`;
  const body =
    where === 'operationName only'
      ? { query: 'query Short { plan { name } }', operationName: name }
      : where === 'document only'
        ? { query: `query ${name} { plan { name } }` }
        : { query: `query ${name} { plan { name } }`, operationName: name };
  return post('long operation name', JSON.stringify(body), `a ${Math.round(bytes / 1024)} KB name in ${where}`);
}

function getRequest(
  params: Record<string, string>,
  headers: Record<string, string>,
  note: string,
  selection?: readonly SelectedField[],
  path = '/',
): FuzzRequest {
  const search = new URLSearchParams(params).toString();
  return {
    category: 'get',
    method: 'GET',
    path: search === '' ? path : `${path}?${search}`,
    headers,
    body: undefined,
    unauthenticatedSelection: selection,
    note,
  };
}

/** Each malformed kind once at its extreme, so that every run, however short, tries them. */
export function fixedCases(tokens: FuzzTokens): FuzzRequest[] {
  const reader = tokens.valid[0] ?? null;
  return [
    deepVariablesRequest(100_000, 'input object', reader),
    deepVariablesRequest(100_000, 'enum list', null),
    deepVariablesRequest(10_000, 'ID', null),
    deepVariablesRequest(100_000, 'extensions', null),
    hugeListRequest(100_000, 'integers', reader),
    hugeListRequest(100_000, 'enum names', reader),
    longNameRequest(12 * 1024, 'document and operationName'),
    longNameRequest(900 * 1024, 'operationName only'),
    longNameRequest(900 * 1024, 'document only'),
    post(
      'unknown operation name',
      JSON.stringify({ query: 'query A { plan { name } }', operationName: 'Nope' }),
      'one operation, another name',
    ),
    post(
      'several operations',
      JSON.stringify({ query: 'query A { plan { name } } query B { sectors { code } }' }),
      'two named, no operationName',
    ),
    post('subscription', JSON.stringify({ query: 'subscription { plan { name } }' }), 'no subscription type'),
    post('batch', JSON.stringify([{ query: '{ plan { name } }' }, { query: '{ sectors { code } }' }]), 'two operations in an array'),
    getRequest({ query: '{ sectors { code name } }' }, { 'apollo-require-preflight': 'true' }, 'a query over GET'),
    { ...post('other methods', JSON.stringify({ query: '{ plan { name } }' }), 'PUT'), method: 'PUT' },
    post('content types', JSON.stringify({ query: '{ plan { name } }' }), 'text/plain', { 'content-type': 'text/plain' }),
    post('accept headers', JSON.stringify({ query: '{ plan { name } }' }), 'text/html', { accept: 'text/html' }),
    ...tokens.refused
      .slice(0, 1)
      .map((refused) =>
        post('bad tokens', JSON.stringify({ query: '{ plan { name } }' }), refused.what, { authorization: refused.header }),
      ),
  ];
}

export interface FuzzArbitraries {
  /** Every category, weighted: what a fuzz run draws from after the fixed cases. */
  readonly request: fc.Arbitrary<FuzzRequest>;
  readonly fixedCases: readonly FuzzRequest[];
}

export function buildArbitraries(model: ApiModel, tokens: FuzzTokens): FuzzArbitraries {
  // Anonymous about half the time, else one of the valid tokens.
  const identity = fc.oneof(fc.constant(null), fc.constantFrom(...tokens.valid));
  const ordinaryQuery = operationArb(model, 'query', 'ordinary');
  const plainBody = ordinaryQuery.map(bodyOf);

  const mutatedDocument = fc
    .tuple(ordinaryQuery, fc.array(editArb, { minLength: 1, maxLength: 6 }), identity)
    .map(([operation, edits, token]) =>
      post(
        'mutated document',
        bodyOf({ ...operation, document: mutateText(operation.document, edits) }),
        `${edits.length} edits`,
        authorization(token),
      ),
    );
  const mutatedJson = fc
    .tuple(plainBody, fc.array(editArb, { minLength: 1, maxLength: 6 }), identity)
    .map(([body, edits, token]) => post('mutated json', mutateText(body, edits), `${edits.length} edits`, authorization(token)));

  const query = '{ plan { name } sectors { code } }';
  const wrongValues: readonly Json[] = [
    1,
    -1,
    true,
    false,
    null,
    [],
    {},
    '',
    [query],
    { kind: 'Document', definitions: [] },
    { query },
    'x'.repeat(100),
  ];
  const wrongJsonTypes = fc.oneof(
    fc.constantFrom(...wrongValues).map((value) => post('wrong json types', JSON.stringify({ query: value }), 'query')),
    fc
      .constantFrom(...wrongValues, JSON.stringify({ a: 1 }), 'null')
      .map((value) => post('wrong json types', JSON.stringify({ query, variables: value }), 'variables')),
    fc
      .constantFrom(...wrongValues, '__proto__', 'constructor')
      .map((value) => post('wrong json types', JSON.stringify({ query, operationName: value }), 'operationName')),
    fc
      .constantFrom<Json>(
        ...wrongValues,
        { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
        { persistedQuery: { version: 2 } },
        { persistedQuery: 'x' },
        { persistedQuery: { version: 1, sha256Hash: null } },
      )
      .map((value) => post('wrong json types', JSON.stringify({ query, extensions: value }), 'extensions')),
    fc
      .constantFrom(
        '1',
        '"{ plan { name } }"',
        'null',
        'true',
        '[]',
        '{}',
        '',
        ' ',
        '[[]]',
        '{"query":"{ plan { name } }","query":"{ sectors { code } }"}',
      )
      .map((body) => post('wrong json types', body, 'whole body')),
    fc
      .constantFrom(
        '{"query":"{ plan { name } }","variables":{"__proto__":{"polluted":1}}}',
        '{"query":"{ plan { name } }","__proto__":{"operationName":"X"}}',
        '{"query":"{ plan { name } }","variables":{"constructor":{"prototype":{"x":1}}}}',
      )
      .map((body) => post('wrong json types', body, 'prototype keys')),
  );

  const deepVariables = fc
    .tuple(
      fc.constantFrom(100, 1000, 5000, 20_000, 100_000),
      fc.constantFrom('input object' as const, 'enum list' as const, 'ID' as const, 'extensions' as const, 'variables' as const),
      identity,
    )
    .map(([depth, where, token]) => deepVariablesRequest(depth, where, token));
  const hugeList = fc
    .tuple(
      fc.constantFrom(10_000, 50_000, 100_000),
      fc.constantFrom('integers' as const, 'enum names' as const, 'bad names' as const, 'nulls' as const),
      identity,
    )
    .map(([length, item, token]) => hugeListRequest(length, item, token));
  const longOperationName = fc.oneof(
    fc
      .constantFrom('operationName only' as const, 'document and operationName' as const, 'document only' as const)
      .map((where) => longNameRequest(12 * 1024, where)),
    fc.constantFrom('operationName only' as const, 'document only' as const).map((where) => longNameRequest(900 * 1024, where)),
  );
  const unknownOperationName = fc
    .tuple(
      fc.constantFrom('query A { plan { name } }', '{ plan { name } }', 'query A { plan { name } } query B { sectors { code } }'),
      fc.constantFrom('Nope', '', ' ', 'a', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
    )
    .map(([document, name]) =>
      post('unknown operation name', JSON.stringify({ query: document, operationName: name }), `operationName ${JSON.stringify(name)}`),
    );
  const severalOperations = fc
    .constantFrom(
      { query: 'query A { plan { name } } query B { sectors { code } }' },
      { query: '{ plan { name } } { sectors { code } }' },
      { query: '{ plan { name } } query B { sectors { code } }' },
      {
        query:
          'query A { plan { name } } mutation B { recordResidentReport(input: {idempotencyKey: "fuzz-12345", receivedAt: "2023-10-01T10:00:00Z", sector: "eole", reporterKind: RESIDENT}) { __typename } }',
      },
      { query: 'query A { plan { name } } query A { sectors { code } }', operationName: 'A' },
      { query: 'query A { plan { name } } query B { sectors { code } }', operationName: 'B' },
    )
    .map((body) =>
      post(
        'several operations',
        JSON.stringify(body),
        body.operationName === undefined ? 'no operationName' : `operationName ${body.operationName}`,
      ),
    );
  const subscription = fc
    .constantFrom(
      { query: 'subscription { plan { name } }' },
      { query: 'subscription S { sectors { code } }', operationName: 'S' },
      { query: 'query Q { plan { name } } subscription S { plan { name } }', operationName: 'S' },
      { query: 'subscription { __typename }' },
    )
    .map((body) => post('subscription', JSON.stringify(body), body.operationName ?? 'anonymous'));
  const batch = fc
    .tuple(fc.constantFrom(0, 1, 2, 10, 1000), plainBody)
    .map(([count, body]) => post('batch', `[${Array.from({ length: count }, () => body).join(',')}]`, `${count} operations in an array`));

  const get = fc.oneof(
    fc.tuple(ordinaryQuery, fc.boolean()).map(([operation, preflight]) =>
      getRequest(
        {
          query: operation.document,
          ...(operation.variables === undefined ? {} : { variables: JSON.stringify(operation.variables) }),
          ...(operation.operationName === undefined ? {} : { operationName: operation.operationName }),
        },
        preflight ? { 'apollo-require-preflight': 'true' } : {},
        preflight ? 'with apollo-require-preflight' : 'no preflight header',
        operation.selection,
      ),
    ),
    fc.constantFrom(
      getRequest({ query: 'mutation { __typename }' }, { 'apollo-require-preflight': 'true' }, 'a mutation over GET'),
      getRequest({ query: '{ plan { name } }', variables: '{"a":' }, { 'apollo-require-preflight': 'true' }, 'variables not JSON'),
      getRequest({ query: '{ plan { name } }', extensions: '[1]' }, { 'apollo-require-preflight': 'true' }, 'extensions an array'),
      getRequest(
        { query: `{ plan { name ${'__typename '.repeat(700)}} }` },
        { 'apollo-require-preflight': 'true' },
        'an 8 KB query string',
      ),
      getRequest(
        { query: `{ plan { name ${'__typename '.repeat(1700)}} }` },
        { 'apollo-require-preflight': 'true' },
        'a 19 KB query string (past Node’s header limit)',
      ),
      getRequest({}, {}, 'no query'),
      getRequest({}, {}, 'readiness', undefined, '/health/ready'),
      getRequest({}, {}, 'liveness', undefined, '/health/live'),
      getRequest({ x: '1' }, {}, 'unknown path', undefined, '/graphql/../../etc/passwd'),
      { ...getRequest({}, { 'apollo-require-preflight': 'true' }, 'bad percent-encoding'), path: '/?query=%E0%A4%A&variables=%' },
    ),
  );
  const otherMethods = fc.tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'), plainBody).map(([method, body]) => ({
    ...post('other methods', body, method),
    method,
    body: method === 'HEAD' || method === 'TRACE' ? undefined : body,
  }));
  const contentTypes = fc
    .tuple(
      fc.constantFrom<string | null>(
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=fuzz',
        'application/graphql',
        'application/json; charset=utf-16',
        'APPLICATION/JSON',
        'application/jsonx',
        'application/json, text/plain',
        '',
        null,
      ),
      ordinaryQuery,
    )
    .map(([type, operation]) => {
      const body =
        type === 'application/x-www-form-urlencoded'
          ? new URLSearchParams({ query: operation.document }).toString()
          : type === 'multipart/form-data; boundary=fuzz'
            ? `--fuzz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${bodyOf(operation)}\r\n--fuzz--\r\n`
            : type === 'application/graphql'
              ? operation.document
              : bodyOf(operation);
      const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
      return {
        category: 'content types' as const,
        method: 'POST',
        path: '/',
        headers,
        body,
        unauthenticatedSelection: operation.selection,
        note: type === null ? 'no content type' : type,
      };
    });
  const acceptHeaders = fc
    .tuple(
      fc.constantFrom(
        'text/html',
        'application/xml',
        'image/png',
        '*/*;q=0',
        ';;;',
        'application/graphql-response+json',
        'multipart/mixed',
        'multipart/mixed; deferSpec=20220824',
        'application/json;q=0',
        'text/event-stream',
        'a,'.repeat(2000),
      ),
      ordinaryQuery,
    )
    .map(([accept, operation]) =>
      post(
        'accept headers',
        bodyOf(operation),
        accept.length > 60 ? `${accept.length}-character Accept` : accept,
        { accept },
        operation.selection,
      ),
    );
  const badTokens = fc
    .tuple(fc.constantFrom(...tokens.refused), ordinaryQuery)
    .map(([refused, operation]) =>
      post('bad tokens', bodyOf(operation), refused.what, { authorization: refused.header }, operation.selection),
    );

  const request = fc.oneof(
    { arbitrary: validOperationRequest(model, identity, 'query', 'ordinary'), weight: 30 },
    { arbitrary: validOperationRequest(model, identity, 'query', 'hostile'), weight: 24 },
    { arbitrary: validOperationRequest(model, identity, 'mutation', 'ordinary'), weight: 5 },
    { arbitrary: validOperationRequest(model, identity, 'mutation', 'hostile'), weight: 5 },
    { arbitrary: mutatedDocument, weight: 6 },
    { arbitrary: mutatedJson, weight: 4 },
    { arbitrary: wrongJsonTypes, weight: 4 },
    { arbitrary: deepVariables, weight: 2 },
    // The rarest: today each of these may stall the gateway for seconds.
    { arbitrary: hugeList, weight: 1 },
    { arbitrary: longOperationName, weight: 2 },
    { arbitrary: unknownOperationName, weight: 2 },
    { arbitrary: severalOperations, weight: 2 },
    { arbitrary: subscription, weight: 2 },
    { arbitrary: batch, weight: 2 },
    { arbitrary: get, weight: 4 },
    { arbitrary: otherMethods, weight: 2 },
    { arbitrary: contentTypes, weight: 3 },
    { arbitrary: acceptHeaders, weight: 2 },
    { arbitrary: badTokens, weight: 4 },
  );
  return { request, fixedCases: fixedCases(tokens) };
}

/**
 * The requests of a run, always the same for a seed: the fixed cases, then draws of `request` in
 * batches (each batch seeded from the run's seed and its index), for as long as the caller asks.
 */
export function* requestStream(arbitraries: FuzzArbitraries, seed: number): Generator<FuzzRequest, never> {
  yield* arbitraries.fixedCases;
  for (let batch = 0; ; batch += 1) {
    const batchSeed = (seed ^ Math.imul(batch + 1, 0x9e3779b1)) | 0;
    yield* fc.sample(arbitraries.request, { seed: batchSeed, numRuns: 50 });
  }
}
