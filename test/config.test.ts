import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../gateway/config.js';
import { databaseConfigFromEnv, projectRoot } from '../subgraphs/shared/database.js';

describe('subgraph database configuration', () => {
  it('defaults to an embedded SQLite file per subgraph under data/', () => {
    expect(databaseConfigFromEnv('police-justice', {})).toEqual({ kind: 'sqlite', file: `${projectRoot}/data/police-justice.sqlite` });
    expect(databaseConfigFromEnv('health', { DATA_DIR: '/var/lib/plancrack' })).toEqual({ kind: 'sqlite', file: '/var/lib/plancrack/health.sqlite' });
  });

  it('reads the subgraph’s own variable, MySQL or SQLite', () => {
    expect(databaseConfigFromEnv('police-justice', { POLICE_JUSTICE_DATABASE_URL: 'mysql://pj:secret@db:3306/plancrack_police_justice' })).toEqual({
      kind: 'mysql',
      url: 'mysql://pj:secret@db:3306/plancrack_police_justice',
    });
    expect(databaseConfigFromEnv('ratp', { RATP_DATABASE_URL: 'sqlite:data/other.sqlite' })).toEqual({ kind: 'sqlite', file: `${projectRoot}/data/other.sqlite` });
    // Another subgraph's variable is not this one's.
    expect(databaseConfigFromEnv('plan', { HEALTH_DATABASE_URL: 'mysql://h@db/health' }).kind).toBe('sqlite');
  });

  it('refuses a URL it cannot use, naming the variable', () => {
    expect(() => databaseConfigFromEnv('social', { SOCIAL_DATABASE_URL: 'postgres://db/social' })).toThrow('SOCIAL_DATABASE_URL must start with mysql:// or sqlite:, got "postgres:"');
    expect(() => databaseConfigFromEnv('social', { SOCIAL_DATABASE_URL: 'mysql://root@db:3306' })).toThrow(
      'SOCIAL_DATABASE_URL must name a database, e.g. mysql://user@host:3306/plancrack_social',
    );
  });
});

describe('gateway configuration', () => {
  it('sends each subgraph’s share to its configured URL, localhost ports by default', () => {
    const config = gatewayConfigFromEnv({ RATP_SUBGRAPH_URL: 'https://ratp.example/graphql', PORT: '8080' });
    expect(config.port).toBe(8080);
    expect(config.subgraphUrls).toEqual({
      plan: 'http://127.0.0.1:4001/',
      'police-justice': 'http://127.0.0.1:4002/',
      health: 'http://127.0.0.1:4003/',
      social: 'http://127.0.0.1:4004/',
      ratp: 'https://ratp.example/graphql',
    });
  });

  it('refuses a bad port or subgraph URL, naming the variable', () => {
    expect(() => gatewayConfigFromEnv({ PORT: 'eighty' })).toThrow('PORT must be a port number (0–65535), got "eighty"');
    expect(() => gatewayConfigFromEnv({ HEALTH_SUBGRAPH_URL: 'health:4003' })).toThrow('HEALTH_SUBGRAPH_URL must be an http(s) URL, got "health:4003"');
  });
});
