import { readFileSync } from 'node:fs';
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchemaOf, supergraphFile } from '../../schema/composition.js';
import { carePlacesMetric, healthCountMetrics, placesMetrics } from '../../subgraphs/health/loaders.js';
import { metrics as policeJusticeMetrics } from '../../subgraphs/police-justice/loaders.js';
import { ratpMetrics } from '../../subgraphs/ratp/loaders.js';
import type { DisclosurePolicy, MetricDefinition } from '../../subgraphs/shared/disclosure.js';
import { socialMetricDefinitions } from '../../subgraphs/social/loaders.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

/**
 * Every path to a figure finer than plan-wide that a public or `report:read` agent can take, found
 * by walking the composed API schema, must serve the metric's declared disclosure policy: with a
 * threshold above every count, a metric whose small counts are suppressed shows no count above
 * zero on any of them — not per sector, facility, station or site, not in a year, a change, a
 * previous value or a comparison. A new path or metric fails here until it does.
 */

/** Every metric the subgraphs declare, with its policy, where its name and unit are. */
const declaredMetrics: readonly MetricDefinition[] = [
  ...Object.values(policeJusticeMetrics),
  ...Object.values(placesMetrics),
  carePlacesMetric,
  ...Object.values(healthCountMetrics),
  ...Object.values(socialMetricDefinitions),
  ...Object.values(ratpMetrics),
];

/**
 * Numbers a public or `report:read` agent reads outside the figure types, each saying why it is no
 * breakdown of a counted metric. A new one fails the walk until it is served as a declared metric's
 * FigureSeries or added here with its reason.
 */
const numbersThatAreNoFigure: Record<string, string> = {
  'AssessmentWindow.minHours': 'a unit’s advertised delay in hours, not a count',
  'AssessmentWindow.maxHours': 'a unit’s advertised delay in hours, not a count',
  'CareEvaluation.cohortSize': 'quoted from a published independent evaluation, as published',
  'CareEvaluation.stoppedEntirelyCount': 'quoted from a published independent evaluation, as published',
  'CareEvaluation.meanConsumptionBefore': 'quoted from a published independent evaluation, as published',
  'CareEvaluation.meanConsumptionAfter': 'quoted from a published independent evaluation, as published',
  'CareEvaluation.consumptionChangePercent': 'computed from a published evaluation’s own figures',
  'CareEvaluation.stoppedEntirelyPercent': 'computed from a published evaluation’s own figures',
  'PlanStep.number': 'the plan’s own numbering',
  'PlanStep.startYear': 'a calendar year',
  'PlanStep.endYear': 'a calendar year',
  'StepCompletion.total': 'the plan’s actions by status: actions, not people',
  'StepCompletion.done': 'the plan’s actions by status: actions, not people',
  'StepCompletion.partiallyDone': 'the plan’s actions by status: actions, not people',
  'StepCompletion.notDone': 'the plan’s actions by status: actions, not people',
  'StepCompletion.inProgress': 'the plan’s actions by status: actions, not people',
  'StepCompletion.planned': 'the plan’s actions by status: actions, not people',
  'StepCompletion.doneOrPartiallyDonePercent': 'the plan’s actions by status: actions, not people',
  'Sector.arrondissements': 'arrondissement numbers',
  'Year.year': 'a calendar year',
};

const allSectors =
  'an aggregate of every sector together over a period, the level at which the figures are published (issue 10: published figures are public)';
const daysNotPeople = 'days of a period with rounds: calendar days, not people';
/**
 * Published aggregates a public agent reads outside the figure types, each with why it may be public.
 * The rows behind them, and their breakdowns by sector, region, kind of reporter or team, keep their scopes.
 */
const publishedAggregates: Record<string, string> = {
  ...Object.fromEntries(
    [
      'JudicialSentenceSummary.averagePrisonMonths',
      'JudicialSentenceSummary.maxPrisonMonths',
      'JudicialSentenceSummary.minPrisonMonths',
      'JudicialSentenceSummary.sentences',
      'JudicialSentenceSummary.withAreaBan',
      'JudicialSentenceSummary.withTerritoryBan',
      'PoliceDeploymentOverview.averageDailyOfficers',
      'PoliceDeploymentOverview.daysCovered',
      'PoliceDeploymentOverview.daysWithBothShifts',
      'PoliceDeploymentOverview.maxDailyOfficers',
      'PoliceDeploymentOverview.minDailyOfficers',
      'PoliceDeploymentOverview.minSectorsPerDayAndShift',
      'PoliceDeploymentOverview.officerShifts',
      'PoliceShiftDeployment.averageOfficers',
      'PoliceShiftDeployment.days',
      'PoliceShiftDeployment.maxOfficers',
      'PoliceShiftDeployment.minOfficers',
      'PoliceShiftDeployment.officerShifts',
      'PoliceEvictionSummary.averageConsumersPerEviction',
      'PoliceEvictionSummary.consumersEvicted',
      'PoliceEvictionSummary.evictions',
      'PoliceEvictionSummary.reformingScenesEnded',
      'RatpJointPatrolOverview.days',
      'RatpJointPatrolOverview.patrols',
      'RatpJointPatrolOverview.ratpAgents',
      'RegionalAdmissionSummary.admissions',
      'RegionalAdmissionSummary.regionCount',
      // Every report is answered under action 2.04: its summary is all reports together.
      'ResidentReportSummary.averageHandlingMinutes',
      'ResidentReportSummary.handled',
      'ResidentReportSummary.pending',
      'ResidentReportSummary.received',
    ].map((coordinate) => [coordinate, allSectors]),
  ),
  'JudicialSentenceSummary.year': 'a calendar year',
  'OutreachCoverage.daysCovered': daysNotPeople,
  'OutreachCoverage.daysFullyCovered': daysNotPeople,
  'OutreachCoverage.daysInRange': daysNotPeople,
  'OutreachCoverage.daysWithBothLevels': daysNotPeople,
  'OutreachCoverage.daysWithBothSlots': daysNotPeople,
  'HospitalTeamStaff.count': 'a team’s staff per role, as the hospitals publish their teams: employees, not the people cared for',
  'ReceptionSiteAttendance.averagePerDay':
    'a site’s visits, published by the City per site (about 150 a day at Porte de la Chapelle): passages, not people',
  'ReceptionSiteAttendance.days': 'days with a record at a site: calendar days, not people',
  'ReceptionSiteAttendance.maxVisits': 'a site’s visits, published by the City per site: passages, not people',
  'ReceptionSiteAttendance.minVisits': 'a site’s visits, published by the City per site: passages, not people',
  'ReceptionSiteAttendance.visits': 'a site’s visits, published by the City per site: passages, not people',
};

const figureTypes = new Set(['FigureSeries', 'YearlyFigure', 'FigureComparison', 'FigureSuppression', 'FigurePoint', 'FigureCoverage']);
const readerScope = 'report:read';
const firstYear = 2019;
const lastYear = 2023;
const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);

interface SchemaWalk {
  /** Figure fields finer than plan-wide, each with a query that reaches it (null: only through a required argument). */
  readonly breakdownFigures: Map<string, string | null>;
  /** Numbers outside the figure types, by coordinate. */
  readonly numbers: Set<string>;
}

/**
 * Walks the API schema from Query, breadth first, through the fields a `report:read` agent may
 * read (the access directives are read from the supergraph, since the API schema drops them). A
 * path is finer than plan-wide once it passes a list or an entity other than Year (a sector, a
 * facility, a station…): a year of the plan is the whole plan.
 */
function walkSchema(): SchemaWalk {
  const supergraphSdl = readFileSync(supergraphFile, 'utf8');
  const schema = apiSchemaOf(supergraphSdl);
  const rules = new Map<string, string[][][]>();
  const entities = new Set<string>();
  const rulesOf = (directives: readonly ConstDirectiveNode[] = []) =>
    directives.flatMap((directive) => {
      if (directive.name.value === 'policy') return [[['owner policy']]];
      if (directive.name.value !== 'requiresScopes') return [];
      const scopes = directive.arguments?.find((argument) => argument.name.value === 'scopes');
      return scopes ? [valueFromASTUntyped(scopes.value) as string[][]] : [];
    });
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const name = definition.name.value;
    if (
      definition.directives?.some(
        (directive) => directive.name.value === 'join__type' && directive.arguments?.some((argument) => argument.name.value === 'key'),
      )
    ) {
      entities.add(name);
    }
    rules.set(name, rulesOf(definition.directives));
    for (const field of definition.fields ?? []) rules.set(`${name}.${field.name.value}`, rulesOf(field.directives));
  }
  const readable = (requirements: readonly string[][][]) =>
    requirements.every((alternatives) => alternatives.some((all) => all.every((scope) => scope === readerScope)));
  const isList = (type: GraphQLType): boolean => (isNonNullType(type) ? isList(type.ofType) : isListType(type));
  const needsArgument = (field: GraphQLField<unknown, unknown>) =>
    field.args.some((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);

  const walk: SchemaWalk = { breakdownFigures: new Map(), numbers: new Set() };
  type Step = {
    readonly type: GraphQLObjectType;
    readonly path: readonly string[];
    readonly finer: boolean;
    readonly viaArgument: boolean;
  };
  const queue: Step[] = [{ type: schema.getQueryType()!, path: [], finer: false, viaArgument: false }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { type, path, finer, viaArgument } = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const coordinate = `${type.name}.${field.name}`;
      if (!readable([...(rules.get(coordinate) ?? []), ...(rules.get(named.name) ?? [])])) continue;
      const reachedViaArgument = viaArgument || needsArgument(field);
      if (isScalarType(named)) {
        if ((named.name === 'Int' || named.name === 'Float') && !figureTypes.has(type.name)) walk.numbers.add(coordinate);
        continue;
      }
      if (!isObjectType(named)) continue;
      if (figureTypes.has(named.name)) {
        if (finer && !(walk.breakdownFigures.get(coordinate) ?? null))
          walk.breakdownFigures.set(coordinate, reachedViaArgument ? null : figureQuery([...path, field.name], named.name));
        continue;
      }
      const childFiner = finer || (named.name !== 'Year' && (isList(field.type) || entities.has(named.name)));
      // A type is walked once per kind of path, preferring one without required arguments (the queue is breadth first).
      const key = `${named.name}:${String(childFiner)}:${String(reachedViaArgument)}`;
      if (seen.has(key) || (reachedViaArgument && seen.has(`${named.name}:${String(childFiner)}:false`))) continue;
      seen.add(key);
      queue.push({ type: named, path: [...path, field.name], finer: childFiner, viaArgument: reachedViaArgument });
    }
  }
  return walk;
}

const comparisons = 'fromValue toValue change changePercent ratio';
const yearly = 'year value previousValue change changePercent';
/** Every view of a series: its years, each year alone, comparisons of each two years that follow and of the first and last. */
const seriesSelection = [
  `metric years { ${yearly} }`,
  ...years.map((year) => `y${year}: year(year: ${year}) { ${yearly} }`),
  ...years.slice(1).map((year) => `c${year}: compare(from: ${year - 1}, to: ${year}) { ${comparisons} }`),
  `all: compare(from: ${firstYear}, to: ${lastYear}) { ${comparisons} }`,
  // Whole years too, and every month and quarter: each is a cell of the series.
  ...years.slice(1).map((year) => `w${year}: compare(from: ${year - 1}, to: ${year}, period: WHOLE_YEARS) { ${comparisons} }`),
  `months: series(granularity: MONTH, from: "${firstYear}-01-01", to: "${lastYear}-12-31") { value }`,
  `quarters: series(granularity: QUARTER, from: "${firstYear}-01-01", to: "${lastYear}-12-31") { value }`,
].join(' ');

function figureQuery(path: readonly string[], figureType: string): string {
  const selection =
    figureType === 'FigureSeries'
      ? seriesSelection
      : figureType === 'YearlyFigure'
        ? yearly
        : figureType === 'FigureComparison'
          ? comparisons
          : 'threshold';
  return path.reduceRight((inner, field) => `${field} { ${inner} }`, selection);
}

/** Every figure object under `value`: series (with a metric) and the numbers of any figure. */
function numbersOf(value: unknown, found: { metric: string | null; numbers: number[] }[] = [], metric: string | null = null): typeof found {
  if (Array.isArray(value)) value.forEach((item) => numbersOf(item, found, metric));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const own = typeof record.metric === 'string' ? record.metric : metric;
    const numbers = Object.entries(record).flatMap(([key, item]) =>
      typeof item === 'number' && key !== 'year' && key !== 'from' && key !== 'to' ? [item] : [],
    );
    if (numbers.length > 0) found.push({ metric: own, numbers });
    Object.values(record).forEach((item) => numbersOf(item, found, own));
  }
  return found;
}

describe('the disclosure policy of every metric', () => {
  const walk = walkSchema();

  it('is declared once per metric, and the same wherever the metric is', () => {
    const policies = new Map<string, Set<DisclosurePolicy>>();
    for (const definition of declaredMetrics)
      policies.set(definition.metric, (policies.get(definition.metric) ?? new Set()).add(definition.disclosure));
    expect([...policies].filter(([, policy]) => policy.size > 1)).toEqual([]);
    // Places are capacities; everything else counts people or events.
    expect(
      [...policies]
        .filter(([, policy]) => policy.has('published'))
        .map(([metric]) => metric)
        .sort(),
    ).toEqual([
      'assessment-unit-places',
      'assore-places',
      'care-places',
      'cure-places',
      'hospital-addiction-places',
      'hospital-psychiatry-places',
      'post-cure-places',
    ]);
  });

  it('finds every figure finer than plan-wide that a public or report:read agent reads, each reachable without a required argument', () => {
    expect([...walk.breakdownFigures.keys()].sort()).toEqual([
      'CareFacility.places',
      'HealthSectorFigures.carePlaces',
      'HealthSectorFigures.hospitalTeamInterventions',
      'PoliceJusticeSectorFigures.evictedConsumers',
      'PoliceJusticeSectorFigures.evictions',
      'PoliceJusticeSectorFigures.officerShifts',
      'PoliceJusticeSectorFigures.policeOperations',
      'PoliceJusticeSectorFigures.prosecutableCases',
      'PoliceJusticeSectorFigures.therapeuticInjunctions',
      'RatpSectorFigures.incidents',
      'RatpSectorFigures.jointPatrols',
      'RatpSectorFigures.trainTrafficInterruptions',
      'SocialSectorFigures.outreachContacts',
      'SocialSectorFigures.outreachRounds',
      'SocialSectorFigures.residentReports',
      'SocialSectorFigures.residentReportsHandled',
    ]);
    expect([...walk.breakdownFigures].filter(([, query]) => query === null).map(([coordinate]) => coordinate)).toEqual([]);
  });

  it('reads no other number than a figure or one that says why it is none', () => {
    expect(
      [...walk.numbers]
        .filter((coordinate) => numbersThatAreNoFigure[coordinate] === undefined && publishedAggregates[coordinate] === undefined)
        .sort(),
    ).toEqual([]);
  });

  describe.each(testEngines)('served through the gateway on $kind, with a threshold above every count', (engine) => {
    let graph: RunningGraph;
    let reader: string;
    beforeAll(async () => {
      graph = await startGraph(engine, 'disclosurepaths', { scale: 1 }, { settings: { disclosureThreshold: 1_000_000 } });
      reader = await mintToken({ agent: 'cross-agency-analyst', scopes: [readerScope] });
    });
    afterAll(() => graph?.stop());

    it.each([...walk.breakdownFigures.keys()].sort())('%s shows no count of a suppressed metric', async (coordinate) => {
      const query = walk.breakdownFigures.get(coordinate);
      const { data, errors } = await graph.queryWith(reader, `{ ${String(query)} }`);
      expect(errors).toBeUndefined();
      const figures = numbersOf(data);
      expect(JSON.stringify(data)).toContain('"metric"');
      for (const { metric, numbers } of figures) {
        const policy = declaredMetrics.find((definition) => definition.metric === metric)?.disclosure;
        expect(policy, `${coordinate} serves metric ${String(metric)}, which declares no disclosure policy`).toBeDefined();
        if (policy === 'small-counts-suppressed')
          expect(
            numbers.filter((number) => number !== 0),
            `${coordinate} (${String(metric)})`,
          ).toEqual([]);
      }
    });
  });
});
