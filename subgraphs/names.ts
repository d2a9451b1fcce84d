/** The subgraphs of the plan-wide graph and their default ports; light enough for the gateway to import. */
export const subgraphNames = ['plan', 'police-justice', 'health', 'social', 'ratp'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

export const defaultSubgraphPorts: Record<SubgraphName, number> = {
  plan: 4001,
  'police-justice': 4002,
  health: 4003,
  social: 4004,
  ratp: 4005,
};

export function isSubgraphName(name: string): name is SubgraphName {
  return (subgraphNames as readonly string[]).includes(name);
}

/** The subgraph's SDL file. */
export function schemaFileOf(name: SubgraphName): URL {
  return new URL(`./${name}/schema.graphql`, import.meta.url);
}
