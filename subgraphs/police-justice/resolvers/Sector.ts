import { dateRange } from '../../shared/arguments.js';
import type { PoliceJusticeContext } from '../context.js';
import { deploymentSummary, evictionSummary } from '../summaries.js';

type SectorRef = { code: string };
type RangeArgs = { from?: string | null; to?: string | null };

export const Sector = {
  // The plan subgraph owns sectors: nothing to read here.
  __resolveReference: (reference: SectorRef) => reference,
  policeDeployments: async (sector: SectorRef, args: RangeArgs, ctx: PoliceJusticeContext) => {
    const range = dateRange('Sector.policeDeployments', args);
    return deploymentSummary(range, await ctx.loaders.deploymentsBySector.load(range, sector.code));
  },
  policeOperations: (sector: SectorRef, args: RangeArgs, ctx: PoliceJusticeContext) =>
    ctx.loaders.operationsBySector.load(dateRange('Sector.policeOperations', args), sector.code),
  policeEvictions: async (sector: SectorRef, args: RangeArgs, ctx: PoliceJusticeContext) => {
    const range = dateRange('Sector.policeEvictions', args);
    return evictionSummary(range, await ctx.loaders.evictionsBySector.load(range, sector.code));
  },
  // Its fields load the sector's series: see PoliceJusticeSectorFigures.
  policeJusticeFigures: (sector: SectorRef) => ({ code: sector.code }),
};
