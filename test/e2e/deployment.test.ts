import { readFileSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { catalogue } from '../../subgraphs/catalogue.js';
import { isSubgraphName, subgraphNames, type SubgraphName } from '../../subgraphs/names.js';
import { databaseUrlVariable } from '../../subgraphs/shared/database.js';
import { testMysqlUrl } from '../support/databases.js';
import { projectDir, startService, type Service } from '../support/processes.js';
import { postGraphQL } from '../support/subgraphs.js';

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  healthcheck?: { test: string[] };
}

/**
 * docker-compose.yml run without Docker: the same commands and variables, MySQL replaced by the
 * test server (its init script run with a prefix on the database names), each service a process.
 */
describe.skipIf(!testMysqlUrl)('the docker-compose deployment, as processes on MySQL', () => {
  const compose = parse(readFileSync(`${projectDir}/docker-compose.yml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const server = new URL(testMysqlUrl ?? 'mysql://localhost');
  const rename = (text: string) => text.replaceAll('plancrack_', 'plancrack_e2e_');
  const services: Service[] = [];
  const ports = {} as Record<SubgraphName, number>;
  let gatewayUrl = '';

  /** A service's variables with the compose network's hosts replaced by this machine's. */
  function localEnv(environment: Record<string, string>): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, localise(value)]));
  }
  function localise(value: string): string {
    if (!/^(mysql|http):\/\//.test(value)) return value;
    const url = new URL(value);
    if (url.protocol === 'mysql:') {
      url.hostname = server.hostname;
      url.port = server.port || '3306';
      url.pathname = rename(url.pathname);
      return url.toString();
    }
    return isSubgraphName(url.hostname) ? `http://127.0.0.1:${ports[url.hostname]}/` : value;
  }

  beforeAll(async () => {
    const admin = await createConnection({ uri: testMysqlUrl, multipleStatements: true });
    try {
      for (const name of subgraphNames) await admin.query(`DROP DATABASE IF EXISTS plancrack_e2e_${name.replace(/-/g, '_')}`);
      await admin.query(rename(readFileSync(`${projectDir}/docker/mysql-init.sql`, 'utf8')));
    } finally {
      await admin.end();
    }
    // PORT=0: each subgraph takes a free port and prints it; the gateway is then pointed at them.
    await Promise.all(
      subgraphNames.map(async (name) => {
        const service = compose.services[name]!;
        const started = startService(name, service.command, { ...localEnv(service.environment), PORT: '0' });
        services.push(started);
        const [, port] = await started.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
        ports[name] = Number(port);
      }),
    );
    const gateway = compose.services.gateway!;
    const started = startService('gateway', gateway.command, { ...localEnv(gateway.environment), PORT: '0' });
    services.push(started);
    [, gatewayUrl = ''] = await started.waitFor(/ready at (http:\/\/\S+)/);
  });
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
  });

  it('passes every service’s own healthcheck', async () => {
    for (const service of services) {
      const check = compose.services[service.name]!.healthcheck!.test.slice(1);
      const port = service.name === 'gateway' ? new URL(gatewayUrl).port : String(ports[service.name as SubgraphName]);
      const probe = startService(`${service.name} healthcheck`, check, { PORT: port });
      expect(await probe.exited, `${service.name}: ${probe.output()}`).toBe(0);
    }
  });

  it('builds each database with its migrations and seeds it, under its own MySQL user', async () => {
    for (const name of subgraphNames) {
      const url = new URL(localEnv(compose.services[name]!.environment)[databaseUrlVariable(name)]!);
      const connection = await createConnection(url.toString());
      try {
        const [migrations] = await connection.query('SELECT name FROM migrations ORDER BY id');
        expect((migrations as { name: string }[]).map((row) => row.name)).toEqual(catalogue[name].migrations.map((migration) => migration.name));
        // Another partner's database is out of reach of this partner's user.
        const other = subgraphNames.find((candidate) => candidate !== name)!;
        await expect(connection.query(`SELECT 1 FROM plancrack_e2e_${other.replace(/-/g, '_')}.migrations`)).rejects.toThrow(/denied/);
      } finally {
        await connection.end();
      }
    }
  });

  it('serves a sector with data from all five subgraphs through the gateway', async () => {
    const { data, errors } = await postGraphQL(
      gatewayUrl,
      `{ sector(code: "rosa-parks") { name policeDeployments(from: "2023-10-01", to: "2023-10-31") { daysWithBothShifts }
         careFacilities { kind } publicMeetings { date } stations { code } } year(year: 2023) { policeJustice { deportations { value } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      sector: {
        name: 'Rosa Parks',
        policeDeployments: { daysWithBothShifts: 31 },
        careFacilities: expect.any(Array),
        publicMeetings: expect.arrayContaining([{ date: '2023-10-18' }]),
        stations: [{ code: 'corentin-cariou' }, { code: 'rosa-parks' }],
      },
      year: { policeJustice: { deportations: { value: 25 } } },
    });
  });

  it('names the variables the gateway reads for every subgraph', () => {
    expect(Object.keys(compose.services.gateway!.environment).sort()).toEqual(['PORT', ...subgraphNames.map(subgraphUrlVariable)].sort());
  });
});
