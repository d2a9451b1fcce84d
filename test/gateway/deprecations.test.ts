import { readFileSync } from 'node:fs';
import { isObjectType, parse, specifiedRules, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperation } from '../../operations/index.js';
import { apiSchemaOf, supergraphFile } from '../../schema/composition.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

/**
 * The renames of issue 10's "one vocabulary", as the closing note and the README list them: each old
 * name stays one release, deprecated, answering as the new one.
 */
const renames = [
  {
    old: 'Query.healthRegionalAdmissions',
    replacement: 'Query.healthRegionalAdmissionSummary',
    reason: 'Use `healthRegionalAdmissionSummary(from:, to:)`; removed in the release after 0.1',
  },
  {
    old: 'RegionalAdmissionSummary.until',
    replacement: 'RegionalAdmissionSummary.to',
    reason: 'Use `to`; removed in the release after 0.1',
  },
  { old: 'PathwayHousing.until', replacement: 'PathwayHousing.to', reason: 'Use `to`; removed in the release after 0.1' },
  {
    old: 'Query.ratpJointPatrolOverview',
    replacement: 'Query.ratpJointPatrolSummary',
    reason: 'Use `ratpJointPatrolSummary`; removed in the release after 0.1',
  },
  { old: 'Sector.outreach', replacement: 'Sector.outreachCoverage', reason: 'Use `outreachCoverage`; removed in the release after 0.1' },
];

/**
 * The registered operations that moved to the new names, and the text clients of the previous release
 * send (the same with the old names back): both must answer the same, under the old keys.
 */
const moved = [
  {
    application: 'communique',
    name: 'RegionalAdmissions',
    variables: {},
    back: [['healthRegionalAdmissionSummary(from: "2022-12-01", to:', 'healthRegionalAdmissions(from: "2022-12-01", until:']],
  },
  {
    application: 'communique',
    name: 'UndergroundOutreach',
    variables: {},
    back: [['ratpJointPatrolSummary(', 'ratpJointPatrolOverview(']],
  },
  {
    application: 'dashboard',
    name: 'SectorPage',
    variables: { from: '2023-10-01', to: '2023-10-31' },
    back: [['outreachCoverage(', 'outreach(']],
  },
  {
    application: 'dashboard',
    name: 'OutreachRounds',
    variables: { from: '2023-10-01', to: '2023-10-31' },
    back: [['outreachCoverage(', 'outreach(']],
  },
  {
    application: 'dashboard',
    name: 'LineHops',
    variables: { code: 'M2', from: '2023-10-01', to: '2023-10-31' },
    back: [['outreachCoverage(', 'outreach(']],
  },
  { application: 'readme', name: 'SectorAcrossPartners', variables: {}, back: [['outreachCoverage(', 'outreach(']] },
] as const;

/** The previous release's text of a moved operation: its old names back, each under the new name's key so the answers compare. */
function previousRelease(body: string, back: readonly (readonly [string, string])[]): string {
  return back.reduce((text, [now, before]) => text.replace(now, `${now.slice(0, now.indexOf('('))}: ${before}`), body);
}

describe('deprecated names', () => {
  const apiSchema = apiSchemaOf(readFileSync(supergraphFile, 'utf8'));

  it('are exactly the renames listed, each deprecated with its replacement and the release it goes in', () => {
    const deprecated = Object.values(apiSchema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields()).map((field) => ({ path: `${type.name}.${field.name}`, reason: field.deprecationReason })),
      )
      .filter((field) => field.reason !== undefined && field.reason !== null);
    expect(deprecated.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      renames.map(({ old, reason }) => ({ path: old, reason })).sort((a, b) => a.path.localeCompare(b.path)),
    );
    for (const { replacement } of renames) {
      const [type, field] = replacement.split('.') as [string, string];
      const found = apiSchema.getType(type);
      expect(isObjectType(found) && found.getFields()[field]?.deprecationReason).toBeUndefined();
    }
  });

  it('take every date range as optional `from` and `to`, inclusive, the deprecated `until` and Sector.outreach aside', () => {
    const ranges = Object.values(apiSchema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ path: `${type.name}.${field.name}`, field })))
      .filter(({ field }) => field.args.some((argument) => ['Date', 'Date!', 'DateTime', 'DateTime!'].includes(String(argument.type))));
    const shapes = ranges.map(({ path, field }) => ({
      path,
      range: field.args
        .filter((argument) => String(argument.type).startsWith('Date'))
        .map((argument) => `${argument.name}: ${String(argument.type)}`),
    }));
    const odd = shapes.filter(({ range }) => !['from: Date,to: Date', 'from: DateTime,to: DateTime'].includes(range.join(',')));
    expect(odd).toEqual([
      { path: 'Query.healthRegionalAdmissions', range: ['from: Date', 'until: Date'] },
      { path: 'Sector.outreach', range: ['from: Date!', 'to: Date!'] },
    ]);
    expect(shapes.length).toBeGreaterThan(25);
  });

  it.each(moved)('$application/$name of the previous release is still valid', ({ application, name, back }) => {
    const text = previousRelease(registeredOperation(application, name).body, back);
    expect(text).not.toBe(registeredOperation(application, name).body);
    expect(validate(apiSchema, parse(text), specifiedRules).map((error) => error.message)).toEqual([]);
  });
});

describe('deprecated names through the gateway', () => {
  const [engine] = testEngines;
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'deprecations');
  });
  afterAll(() => graph?.stop());

  it.each(moved)(
    '$application/$name answers the same with the previous release’s names',
    async ({ application, name, variables, back }) => {
      const operation = registeredOperation(application, name);
      const [now, before] = await Promise.all([
        graph.query(operation.body, variables),
        graph.query(previousRelease(operation.body, back), variables),
      ]);
      expect(now.errors).toBeUndefined();
      expect(before).toEqual(now);
    },
  );

  it('answers RegionalAdmissionSummary.until as `to`', async () => {
    const { data, errors } = await graph.query(
      '{ healthRegionalAdmissionSummary(to: "2023-10-31") { to until admissions } healthRegionalAdmissions(until: "2023-10-31") { to until admissions } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      healthRegionalAdmissionSummary: { to: '2023-10-31', until: '2023-10-31', admissions: 71 },
      healthRegionalAdmissions: { to: '2023-10-31', until: '2023-10-31', admissions: 71 },
    });
  });
});
