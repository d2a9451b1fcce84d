import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import { deploymentSummary, evictionSummary } from '../summaries.js';
import type { SectorResolvers } from '../generated/resolvers.js';

/** The most operations `Sector.policeOperations` lists per sector. */
const MAX_SECTOR_OPERATIONS = 500;

export const Sector: SectorResolvers = {
  // The plan subgraph owns sectors: nothing to read here.
  __resolveReference: (reference) => reference,
  policeDeployments: async (sector, args, ctx) => {
    const range = dateRange('Sector.policeDeployments', args);
    return deploymentSummary(range, await ctx.loaders.deploymentsBySector.load(range, sector.code));
  },
  // The `first` oldest of the range (date, then id), as the list was ordered before it was bounded.
  policeOperations: (sector, args, ctx) => {
    const range = dateRange('Sector.policeOperations', args);
    const first = firstCount('Sector.policeOperations', args.first, MAX_SECTOR_OPERATIONS);
    return ctx.loaders.operationsBySector.load({ ...range, first }, sector.code);
  },
  policeEvictions: async (sector, args, ctx) => {
    const range = dateRange('Sector.policeEvictions', args);
    return evictionSummary(range, await ctx.loaders.evictionsBySector.load(range, sector.code));
  },
  // Its fields load the sector's series: see PoliceJusticeSectorFigures. Not to writers who cannot read (differencing).
  policeJusticeFigures: (sector, _, ctx) => {
    refuseWriterWithoutRead(ctx.access, 'police-justice', 'Sector.policeJusticeFigures');
    return { code: sector.code };
  },
};
