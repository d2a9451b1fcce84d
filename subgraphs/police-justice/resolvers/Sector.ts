import type { AccessContext } from '../../shared/access.js';
import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import type { PoliceJusticeContext } from '../context.js';
import { deploymentSummary, evictionSummary } from '../summaries.js';

type SectorRef = { code: string };
type RangeArgs = { from?: string | null; to?: string | null };

/** The most operations `Sector.policeOperations` lists per sector. */
const MAX_SECTOR_OPERATIONS = 500;

export const Sector = {
  // The plan subgraph owns sectors: nothing to read here.
  __resolveReference: (reference: SectorRef) => reference,
  policeDeployments: async (sector: SectorRef, args: RangeArgs, ctx: PoliceJusticeContext) => {
    const range = dateRange('Sector.policeDeployments', args);
    return deploymentSummary(range, await ctx.loaders.deploymentsBySector.load(range, sector.code));
  },
  // The `first` oldest of the range (date, then id), as the list was ordered before it was bounded.
  policeOperations: (sector: SectorRef, args: RangeArgs & { first: number }, ctx: PoliceJusticeContext) => {
    const range = dateRange('Sector.policeOperations', args);
    const first = firstCount('Sector.policeOperations', args.first, MAX_SECTOR_OPERATIONS);
    return ctx.loaders.operationsBySector.load({ ...range, first }, sector.code);
  },
  policeEvictions: async (sector: SectorRef, args: RangeArgs, ctx: PoliceJusticeContext) => {
    const range = dateRange('Sector.policeEvictions', args);
    return evictionSummary(range, await ctx.loaders.evictionsBySector.load(range, sector.code));
  },
  // Its fields load the sector's series: see PoliceJusticeSectorFigures. Not to writers who cannot read (differencing).
  policeJusticeFigures: (sector: SectorRef, _: unknown, ctx: AccessContext) => {
    refuseWriterWithoutRead(ctx.access, 'police-justice', 'Sector.policeJusticeFigures');
    return { code: sector.code };
  },
};
