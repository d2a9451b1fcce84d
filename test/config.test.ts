import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfigFromEnv, subgraphSetting } from '../gateway/config.js';
import { buildGateway, listenGateway } from '../gateway/server.js';
import { ConfigError } from '../platform/env.js';
import { supergraphFile } from '../schema/composition.js';
import { subgraphSecurityFromEnv } from '../subgraphs/shared/config.js';
import { testGatewayEnv, testKeys } from './support/identity.js';
import { databaseConfigFromEnv, projectRoot } from '../subgraphs/shared/database.js';
import { logLevelFromEnv } from '../platform/log.js';
import { tracingConfigFromEnv } from '../platform/tracing.js';

describe('subgraph database configuration', () => {
  it('defaults to an embedded SQLite file per subgraph under data/', () => {
    expect(databaseConfigFromEnv('police-justice', {})).toEqual({ kind: 'sqlite', file: `${projectRoot}/data/police-justice.sqlite` });
    expect(databaseConfigFromEnv('health', { DATA_DIR: '/var/lib/plancrack' })).toEqual({
      kind: 'sqlite',
      file: '/var/lib/plancrack/health.sqlite',
    });
  });

  it('reads the subgraph’s own variable, MySQL or SQLite', () => {
    expect(
      databaseConfigFromEnv('police-justice', { POLICE_JUSTICE_DATABASE_URL: 'mysql://pj:secret@db:3306/plancrack_police_justice' }),
    ).toEqual({
      kind: 'mysql',
      url: 'mysql://pj:secret@db:3306/plancrack_police_justice',
    });
    expect(databaseConfigFromEnv('ratp', { RATP_DATABASE_URL: 'sqlite:data/other.sqlite' })).toEqual({
      kind: 'sqlite',
      file: `${projectRoot}/data/other.sqlite`,
    });
    // Another subgraph's variable is not this one's.
    expect(databaseConfigFromEnv('plan', { HEALTH_DATABASE_URL: 'mysql://h@db/health' }).kind).toBe('sqlite');
  });

  it('refuses a URL it cannot use, naming the variable', () => {
    expect(() => databaseConfigFromEnv('social', { SOCIAL_DATABASE_URL: 'postgres://db/social' })).toThrow(
      'SOCIAL_DATABASE_URL must start with mysql:// or sqlite:, got "postgres:"',
    );
    expect(() => databaseConfigFromEnv('social', { SOCIAL_DATABASE_URL: 'mysql://root@db:3306' })).toThrow(
      'SOCIAL_DATABASE_URL must name a database, e.g. mysql://user@host:3306/plancrack_social',
    );
  });
});

describe('gateway configuration', () => {
  it('overrides the URL the supergraph gives a subgraph, and its timeout, for any subgraph name', () => {
    const config = gatewayConfigFromEnv({
      ...testGatewayEnv,
      RATP_SUBGRAPH_URL: 'https://ratp.example/graphql',
      MILDECA_PREVENTION_SUBGRAPH_URL: 'http://prevention.mildeca.example:8080/',
      MILDECA_PREVENTION_SUBGRAPH_TIMEOUT_MS: '2500',
      SUBGRAPH_TIMEOUT_MS: '7000',
      PORT: '8080',
    });
    expect(config.port).toBe(8080);
    expect(subgraphSetting(config.subgraphUrls, 'ratp')).toBe('https://ratp.example/graphql');
    expect(subgraphSetting(config.subgraphUrls, 'mildeca-prevention')).toBe('http://prevention.mildeca.example:8080/');
    expect(subgraphSetting(config.subgraphUrls, 'plan')).toBeUndefined();
    expect(subgraphSetting(config.subgraphTimeoutsMs, 'mildeca-prevention')).toBe(2500);
    expect(config.subgraphTimeoutMs).toBe(7000);
  });

  it('reads Redis and the rate limits, a partner’s own over the default', () => {
    const config = gatewayConfigFromEnv({
      ...testGatewayEnv,
      REDIS_URL: 'redis://redis:6379',
      RATE_LIMITS: 'true',
      RATE_LIMIT_AGENT_REQUESTS: '100',
      PREF_POLICE_RATE_LIMIT_PARTNER_COST: '5000000',
      TRUST_PROXY: 'true',
    });
    expect(config.redis).toEqual({ url: 'redis://redis:6379', keyPrefix: 'plan-gateway:', timeoutMs: 250 });
    expect(config.trustProxy).toBe(true);
    expect(config.rateLimits).toEqual({
      enabled: true,
      windowSeconds: 60,
      defaults: { agent: { requests: 100, cost: 1_000_000 }, partner: { requests: 6000, cost: 10_000_000 } },
      partners: { 'pref-police': { agent: { requests: 100, cost: 1_000_000 }, partner: { requests: 6000, cost: 5_000_000 } } },
      anonymous: { requests: 300, cost: 300_000 },
    });
    expect(gatewayConfigFromEnv(testGatewayEnv)).toMatchObject({ redis: null, trustProxy: false, rateLimits: { enabled: false } });
  });

  it('refuses a bad Redis URL, a limit of 0 and a limit for a partner that does not exist, naming the variable', () => {
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, REDIS_URL: 'redis:6379' })).toThrow(
      'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://redis:6379, got "redis:6379"',
    );
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, RATE_LIMIT_ANONYMOUS_COST: '0' })).toThrow(
      'RATE_LIMIT_ANONYMOUS_COST must be a whole number of at least 1, got "0"',
    );
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, PREF_POLISE_RATE_LIMIT_AGENT_REQUESTS: '10' })).toThrow(
      'PREF_POLISE_RATE_LIMIT_AGENT_REQUESTS names no partner: PREF_POLISE is not one of PREF_IDF, MILDECA, PREF_POLICE, PARQUET_PARIS, ARS_IDF, AP_HP, GHU_PARIS, VILLE_PARIS, RATP',
    );
  });

  it('refuses a bad port or subgraph URL, naming the variable', () => {
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, PORT: 'eighty' })).toThrow('PORT must be a port number (0–65535), got "eighty"');
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, HEALTH_SUBGRAPH_URL: 'health:4003' })).toThrow(
      'HEALTH_SUBGRAPH_URL must be an http(s) URL, got "health:4003"',
    );
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, ANY_NAME_SUBGRAPH_TIMEOUT_MS: '0' })).toThrow(
      'ANY_NAME_SUBGRAPH_TIMEOUT_MS must be a whole number of at least 1, got "0"',
    );
  });

  it('refuses to start on a supergraph that gives a subgraph no URL when no variable sets one, naming the variable', async () => {
    // As composed without a routing URL: `url: ""`.
    const supergraph = join(mkdtempSync(join(tmpdir(), 'plancrack-no-url-')), 'supergraph.graphql');
    writeFileSync(
      supergraph,
      readFileSync(supergraphFile, 'utf8').replace(
        'RATP @join__graph(name: "ratp", url: "http://ratp:4005/")',
        'RATP @join__graph(name: "ratp", url: "")',
      ),
    );
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, SUPERGRAPH_FILE: supergraph });
    await expect(listenGateway(buildGateway(config), 0, '127.0.0.1')).rejects.toThrow(
      new ConfigError('the supergraph gives subgraph "ratp" no URL: compose it with one, or set RATP_SUBGRAPH_URL'),
    );
  });
});

describe('security configuration', () => {
  it('requires the token keys, issuer and audience, and the gateway’s proof key, naming each', () => {
    const { AUTH_PUBLIC_KEY_FILE: _key, ...withoutKey } = testGatewayEnv;
    expect(() => gatewayConfigFromEnv(withoutKey)).toThrow('AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE is required');
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      'set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE, not both',
    );
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, AUTH_ISSUER: '' })).toThrow('AUTH_ISSUER is required');
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, GATEWAY_PROOF_KEY_FILE: undefined })).toThrow(
      'GATEWAY_PROOF_KEY_FILE is required',
    );
    expect(() => subgraphSecurityFromEnv({})).toThrow('GATEWAY_PROOF_PUBLIC_KEY_FILE is required');
  });

  it('keeps introspection off and allows no browser origin unless configured', () => {
    const config = gatewayConfigFromEnv(testGatewayEnv);
    expect({ introspection: config.introspection, corsOrigins: config.corsOrigins }).toEqual({ introspection: false, corsOrigins: [] });
    const open = gatewayConfigFromEnv({
      ...testGatewayEnv,
      INTROSPECTION: 'true',
      CORS_ORIGINS: 'https://dash.example, https://ops.example',
    });
    expect({ introspection: open.introspection, corsOrigins: open.corsOrigins }).toEqual({
      introspection: true,
      corsOrigins: ['https://dash.example', 'https://ops.example'],
    });
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, INTROSPECTION: 'yes' })).toThrow(
      'INTROSPECTION must be true or false, got "yes"',
    );
  });

  it('refuses the development keys in production, in the gateway and in every subgraph', () => {
    const production = { ...testGatewayEnv, NODE_ENV: 'production' };
    expect(() => buildGateway(gatewayConfigFromEnv(production))).toThrow(/is a development key, refused in production/);
    expect(() => subgraphSecurityFromEnv({ NODE_ENV: 'production', GATEWAY_PROOF_PUBLIC_KEY_FILE: testKeys.proofPublicKeyFile })).toThrow(
      `GATEWAY_PROOF_PUBLIC_KEY_FILE: ${testKeys.proofPublicKeyFile} is a development key, refused in production (NODE_ENV=production); configure your own key`,
    );
    expect(subgraphSecurityFromEnv({ GATEWAY_PROOF_PUBLIC_KEY_FILE: testKeys.proofPublicKeyFile }).settings).toEqual({
      disclosureThreshold: 5,
    });
  });

  it('refuses a key file that is not a key, and a bad threshold', () => {
    const notAKey = join(testKeys.proofPublicKeyFile, '..', 'not-a-key.pem');
    writeFileSync(notAKey, 'hello');
    expect(() => subgraphSecurityFromEnv({ GATEWAY_PROOF_PUBLIC_KEY_FILE: notAKey })).toThrow(
      `GATEWAY_PROOF_PUBLIC_KEY_FILE: ${notAKey} is not a PEM public key`,
    );
    expect(() =>
      subgraphSecurityFromEnv({ GATEWAY_PROOF_PUBLIC_KEY_FILE: testKeys.proofPublicKeyFile, DISCLOSURE_THRESHOLD: '-1' }),
    ).toThrow('DISCLOSURE_THRESHOLD must be a whole number of at least 0, got "-1"');
  });
});

describe('traces and logs configuration', () => {
  it('traces nothing unless an OTLP endpoint is set, or when OTEL_SDK_DISABLED says so', () => {
    expect(tracingConfigFromEnv({}, 'gateway')).toBeNull();
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, 'gateway')).toBeNull();
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, 'gateway')).toBeNull();
  });

  it('posts to the base endpoint’s /v1/traces, or to the traces endpoint as given, as OpenTelemetry’s SDKs read them', () => {
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'health')).toEqual({
      url: 'http://collector:4318/v1/traces',
      serviceName: 'health',
      headers: {},
      scheduleDelayMs: 1000,
    });
    expect(
      tracingConfigFromEnv(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example/otlp/v1/traces',
          OTEL_SERVICE_NAME: 'plan-graph-gateway',
          OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-scope=plan',
          OTEL_BSP_SCHEDULE_DELAY: '200',
        },
        'gateway',
      ),
    ).toEqual({
      url: 'https://tempo.example/otlp/v1/traces',
      serviceName: 'plan-graph-gateway',
      headers: { authorization: 'Bearer abc', 'x-scope': 'plan' },
      scheduleDelayMs: 200,
    });
  });

  it('refuses an endpoint that is not an http(s) URL, and a log level that does not exist', () => {
    expect(() => tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }, 'gateway')).toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (OTLP over HTTP), got "collector:4317"',
    );
    expect(() =>
      tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'gateway'),
    ).toThrow('OTEL_BSP_SCHEDULE_DELAY');
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"',
    );
  });
});

describe('what the gateway sends outside', () => {
  it('turns off @apollo/gateway’s report of the machine to Apollo, unless the operator asked for it', () => {
    const before = process.env.APOLLO_TELEMETRY_DISABLED;
    try {
      delete process.env.APOLLO_TELEMETRY_DISABLED;
      buildGateway(gatewayConfigFromEnv(testGatewayEnv));
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
      process.env.APOLLO_TELEMETRY_DISABLED = 'false';
      buildGateway(gatewayConfigFromEnv(testGatewayEnv));
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('false');
    } finally {
      if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
      else process.env.APOLLO_TELEMETRY_DISABLED = before;
    }
  });
});
