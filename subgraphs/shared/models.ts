/**
 * What the resolvers of the shared types receive as their parent, where it is not the GraphQL type:
 * `<Type>Model` maps `<Type>` in every subgraph's generated resolver types (schema/resolver-types.ts).
 */
export type { FigureSeries as FigureSeriesModel, YearlyFigure as YearlyFigureModel } from './figures.js';
