import type { PathwayRegionalOrientationResolvers } from '../generated/resolvers.js';

export const PathwayRegionalOrientation: PathwayRegionalOrientationResolvers = {
  date: (orientation) => orientation.orientedOn,
};
