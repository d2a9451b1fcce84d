# One image for every service: the command picks the subgraph or the gateway (docker-compose.yml).
# Build stage: every dependency (typescript, tsx), the code compiled to dist/ (npm run build).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime: compiled code and production dependencies only (better-sqlite3 already built), no compiler,
# no tsx. Compose runs each service with `init: true`, so that SIGTERM reaches node itself.
FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The composed supergraph the gateway serves by default (SUPERGRAPH_FILE may point elsewhere).
COPY --from=build /app/schema/supergraph.graphql ./schema/supergraph.graphql
# The registered operations' names, the only ones /metrics shows as labels.
COPY --from=build /app/operations/manifest.json ./operations/manifest.json
ENV NODE_ENV=production HOST=0.0.0.0
USER node
CMD ["node", "dist/gateway/index.js"]
