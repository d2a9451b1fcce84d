import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { subgraphUrlVariable } from '../gateway/config.js';
import { composedUrl } from '../schema/composition.js';
import { defaultSubgraphPorts, subgraphNames } from '../subgraphs/registry.js';
import { databaseUrlVariable } from '../subgraphs/shared/database.js';

interface ComposeService {
  image?: string;
  deploy?: { replicas?: number };
  volumes?: string[];
  command?: string[];
  init?: boolean;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const initSql = readFileSync(new URL('docker/mysql-init.sql', root), 'utf8');

describe('docker-compose.yml', () => {
  it('has MySQL, the five subgraphs, the gateway, Redis and HAProxy, and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'haproxy', 'mysql', 'redis', ...subgraphNames].sort());
  });

  it('runs the gateway as 2 replicas or more, sharing Redis, behind HAProxy that trusts nothing but its checks', () => {
    const gateway = compose.services.gateway!;
    expect(gateway.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(gateway.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', RATE_LIMITS: 'true', TRUST_PROXY: 'true' });
    expect(gateway.depends_on?.redis).toEqual({ condition: 'service_healthy' });
    expect(compose.services.redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    // Evicting the generation counter (no TTL) would let old answers be read again: only keys with a TTL go.
    expect(compose.services.redis?.command?.join(' ')).toContain('--maxmemory-policy volatile-lru');
    const haproxy = compose.services.haproxy!;
    expect(haproxy.volumes).toEqual(['./docker/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
    expect(haproxy.depends_on?.gateway).toEqual({ condition: 'service_healthy' });
  });

  it('has HAProxy health-check each replica on /health/ready, as many servers as replicas or more', () => {
    const config = readFileSync(new URL('docker/haproxy.cfg', root), 'utf8');
    expect(config).toMatch(/^\s+option httpchk GET \/health\/ready$/m);
    expect(config).toMatch(/^\s+http-check expect status 200$/m);
    expect(config).toMatch(/^\s+bind :4000$/m);
    expect(config).toMatch(/^\s+option forwardfor$/m);
    const [, servers, port] =
      /^\s+server-template gateway (\d+) gateway:(\d+) check inter \d+m?s fall \d+ rise \d+ resolvers docker/m.exec(config) ?? [];
    expect(Number(servers)).toBeGreaterThanOrEqual(compose.services.gateway!.deploy!.replicas!);
    expect(port).toBe(compose.services.gateway!.environment!.PORT);
  });

  it('runs the gateway compiled, under an init that passes SIGTERM on to node', () => {
    expect(compose.services.gateway?.command).toEqual(['node', 'dist/gateway/index.js']);
    expect(compose.services.gateway?.init).toBe(true);
  });

  it('serves registered operations only in production (graph:explore tokens excepted), and no IDE', () => {
    expect(compose.services.gateway?.environment?.TRUSTED_OPERATIONS).toBe('enforce');
    expect(compose.services.gateway?.environment?.NODE_ENV).toBe('production');
    expect(compose.services.gateway?.environment?.GRAPHQL_IDE).toBeUndefined();
  });

  it('publishes only the load balancer, on the gateway’s port', () => {
    const published = Object.entries(compose.services).filter(([, service]) => service.ports?.length);
    expect(published.map(([name, service]) => [name, service.ports])).toEqual([['haproxy', ['4000:4000']]]);
    expect(compose.services.gateway?.environment?.PORT).toBe('4000');
  });

  describe.each(subgraphNames)('subgraph %s', (name) => {
    const service = compose.services[name]!;

    it('runs its own entry point, compiled, under an init, on the port the supergraph names', () => {
      expect(service.command).toEqual(['node', `dist/subgraphs/${name}/index.js`]);
      expect(service.init).toBe(true);
      expect(existsSync(fileURLToPath(new URL(`subgraphs/${name}/index.ts`, root)))).toBe(true);
      expect(service.environment?.PORT).toBe(String(defaultSubgraphPorts[name]));
      expect(composedUrl(name)).toBe(`http://${name}:${defaultSubgraphPorts[name]}/`);
    });

    it('connects to its own MySQL database, which the init script creates and grants to its own user', () => {
      const url = new URL(service.environment?.[databaseUrlVariable(name)] ?? 'missing://');
      const database = url.pathname.slice(1);
      expect(url.protocol).toBe('mysql:');
      expect(url.hostname).toBe('mysql');
      expect(database).toBe(`plancrack_${name.replace(/-/g, '_')}`);
      expect(initSql).toContain(`CREATE DATABASE IF NOT EXISTS ${database} `);
      expect(initSql).toContain(`GRANT ALL PRIVILEGES ON ${database}.* TO '${url.username}'@'%'`);
    });

    it('waits for a healthy MySQL and has a healthcheck the gateway waits on', () => {
      expect(service.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
      expect(service.healthcheck?.test.join(' ')).toContain('process.env.PORT');
      expect(compose.services.gateway?.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    });

    it('is reached by the gateway at its service name and port', () => {
      expect(compose.services.gateway?.environment?.[subgraphUrlVariable(name)]).toBe(composedUrl(name));
    });
  });
});
