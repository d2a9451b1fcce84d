import { dateRange, firstCount, publicPeriod, sectorFilter } from '../../shared/arguments.js';
import { yearOf } from '../../shared/sql.js';
import { judicialProcedures, PoliceOperation, ProsecutableCase, Sentence, type PoliceOperationKind } from '../entities/index.js';
import { ALL_SECTORS, deploymentTotals, evictionTotals } from '../loaders.js';
import { deploymentSummary, evictionSummary } from '../summaries.js';
import type { QueryResolvers } from '../generated/resolvers.js';

/** The most operations `Query.policeOperations` lists. */
const MAX_OPERATIONS = 1000;

export const Query: QueryResolvers = {
  policeJusticeFigures: () => ({}),
  policeOperations: (_, args, ctx) => {
    const range = dateRange('policeOperations', args);
    const sector = sectorFilter('policeOperations', args.sector);
    const query = ctx.db.getRepository(PoliceOperation).createQueryBuilder('o');
    if (range.from !== null) query.andWhere('o.date >= :from', { from: range.from });
    if (range.to !== null) query.andWhere('o.date <= :to', { to: range.to });
    if (sector !== null) query.andWhere('o.sectorCode = :sector', { sector });
    if (args.kind != null) query.andWhere('o.kind = :kind', { kind: args.kind });
    // Bounded whatever the range: a year at a million rows is tens of thousands of operations.
    query.take(firstCount('policeOperations', args.first, MAX_OPERATIONS));
    return query.orderBy('o.date', 'ASC').addOrderBy('o.id', 'ASC').getMany();
  },
  sceneDismantlings: (_, args, ctx) => {
    const range = dateRange('sceneDismantlings', args);
    const sector = sectorFilter('sceneDismantlings', args.sector);
    const query = ctx.db
      .getRepository(PoliceOperation)
      .createQueryBuilder('o')
      .where('o.kind = :kind', { kind: 'DISMANTLING' satisfies PoliceOperationKind });
    if (range.from !== null) query.andWhere('o.date >= :from', { from: range.from });
    if (range.to !== null) query.andWhere('o.date <= :to', { to: range.to });
    if (sector !== null) query.andWhere('o.sectorCode = :sector', { sector });
    // Only the public part of the row: no description.
    return query
      .select(['o.id', 'o.date', 'o.sectorCode', 'o.leadPartnerCode'])
      .orderBy('o.date', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
  },
  policeDeploymentSummary: async (_, args, ctx) => {
    const range = publicPeriod('policeDeploymentSummary', dateRange('policeDeploymentSummary', args), ctx.access.identity);
    const [totals] = await deploymentTotals(ctx.db, range, null);
    return deploymentSummary(range, totals?.sectorCode === ALL_SECTORS ? totals : null);
  },
  policeEvictionSummary: async (_, args, ctx) => {
    const range = publicPeriod('policeEvictionSummary', dateRange('policeEvictionSummary', args), ctx.access.identity);
    const [totals] = await evictionTotals(ctx.db, range, null);
    return evictionSummary(range, totals && totals.evictions > 0 ? totals : null);
  },
  judicialSentenceSummaries: async (_, args, ctx) => {
    const year = yearOf(ctx.db, 's.pronouncedOn');
    const query = ctx.db
      .getRepository(Sentence)
      .createQueryBuilder('s')
      .select(year, 'year')
      .addSelect('COUNT(*)', 'sentences')
      .addSelect('MIN(s.prisonMonths)', 'minPrisonMonths')
      .addSelect('MAX(s.prisonMonths)', 'maxPrisonMonths')
      .addSelect('SUM(s.prisonMonths)', 'totalPrisonMonths')
      .addSelect('SUM(CASE WHEN s.areaBan = 1 THEN 1 ELSE 0 END)', 'withAreaBan')
      .addSelect('SUM(CASE WHEN s.territoryBan = 1 THEN 1 ELSE 0 END)', 'withTerritoryBan')
      .groupBy(year)
      .orderBy(year, 'ASC');
    if (args.year != null) {
      query.where('s.pronouncedOn BETWEEN :first AND :last', { first: `${args.year}-01-01`, last: `${args.year}-12-31` });
    }
    const rows = await query.getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      year: Number(row.year),
      sentences: Number(row.sentences),
      minPrisonMonths: Number(row.minPrisonMonths),
      maxPrisonMonths: Number(row.maxPrisonMonths),
      averagePrisonMonths: Math.round((Number(row.totalPrisonMonths) / Number(row.sentences)) * 10) / 10,
      withAreaBan: Number(row.withAreaBan),
      withTerritoryBan: Number(row.withTerritoryBan),
    }));
  },
  judicialCasesByProcedure: async (_, args, ctx) => {
    const rows = await ctx.db
      .getRepository(ProsecutableCase)
      .createQueryBuilder('c')
      .select('c.procedureKind', 'procedure')
      .addSelect('COUNT(*)', 'cases')
      .where('c.registeredOn BETWEEN :first AND :last', { first: `${args.year}-01-01`, last: `${args.year}-12-31` })
      .groupBy('c.procedureKind')
      .getRawMany<{ procedure: string; cases: unknown }>();
    const counts = new Map(rows.map((row) => [row.procedure, Number(row.cases)]));
    // Every procedure, in the enum's order, so that a dashboard sees the zeros too.
    return judicialProcedures.map((procedure) => ({ procedure, cases: counts.get(procedure) ?? 0 }));
  },
};
