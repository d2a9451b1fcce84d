import type { PathwayRegionalOrientation as PathwayRegionalOrientationRow } from '../entities/index.js';

export const PathwayRegionalOrientation = {
  date: (orientation: PathwayRegionalOrientationRow) => orientation.orientedOn,
};
