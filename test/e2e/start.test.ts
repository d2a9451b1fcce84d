import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { subgraphNames } from '../../subgraphs/registry.js';
import { subgraphPortVariable } from '../../platform/env.js';
import { startService, type Service } from '../support/processes.js';
import { postGraphQL } from '../support/subgraphs.js';

const sectorAcrossPartners = `{ sector(code: "porte-de-la-chapelle") {
  name
  policeDeployments(from: "2023-11-01", to: "2023-11-30") { daysWithBothShifts }
  careFacilities { kind }
  receptionSites { code attendance(from: "2023-11-01", to: "2023-11-30") { averagePerDay } }
  stations { code lines { code } }
} }`;

const expectedSector = {
  sector: {
    name: 'Porte de la Chapelle',
    policeDeployments: { daysWithBothShifts: 30 },
    careFacilities: expect.any(Array),
    receptionSites: expect.arrayContaining([{ code: 'porte-de-la-chapelle-rest-space', attendance: { averagePerDay: 150 } }]),
    stations: [{ code: 'porte-de-la-chapelle', lines: [{ code: 'M12' }] }],
  },
};

// `npm start`, the README's run command, as a user runs it: embedded SQLite files, five subgraphs and the gateway.
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'plancrack-start-'));
  const keysDir = join(dataDir, 'keys');

  /** `npm run token`, the README's token command, against the keys npm start made. */
  async function token(partner: string, scopes: string): Promise<string> {
    const command = startService('npm run token', ['npm', 'run', '--silent', 'token', '--', '--partner', partner, '--scopes', scopes], {
      DEV_KEYS_DIR: keysDir,
    });
    expect(await command.exited, command.output()).toBe(0);
    const printed = /^[\w-]+\.[\w-]+\.[\w-]+$/m.exec(command.output());
    expect(printed, command.output()).not.toBeNull();
    return printed![0];
  }
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    // Port 0 everywhere: each server takes a free port, and npm start wires the gateway to them.
    const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, DEV_KEYS_DIR: keysDir, PORT: '0', OIDC_PROVIDER_PORT: '0' };
    for (const name of subgraphNames) env[subgraphPortVariable(name)] = '0';
    service = startService('npm start', ['npm', 'start'], env);
    const [, url] = await service.waitFor(/plan-wide graph ready at (http:\/\/[^\s"]+)/);
    return url!;
  }

  it('creates and seeds a SQLite file per subgraph, prints the gateway URL, and serves a sector from all five', async () => {
    const url = await start();
    expect(
      readdirSync(dataDir)
        .filter((file) => file.endsWith('.sqlite'))
        .sort(),
    ).toEqual(subgraphNames.map((name) => `${name}.sqlite`).sort());
    const { data, errors } = await postGraphQL(url, sectorAcrossPartners, undefined, {
      authorization: `Bearer ${await token('pref-police', 'police-justice:read social:read')}`,
    });
    expect(errors).toBeUndefined();
    expect(data).toEqual(expectedSector);
  });

  it('serves anonymous requests only public fields, and refuses a token the development key did not sign', async () => {
    const url = service!.output().match(/plan-wide graph ready at (http:\/\/[^\s"]+)/)![1]!;
    const anonymous = await postGraphQL(url, sectorAcrossPartners);
    // A site's attendance is a published figure (issue 10): only the sector's deployments are refused.
    expect(anonymous.data?.sector).toMatchObject({
      name: 'Porte de la Chapelle',
      policeDeployments: null,
      receptionSites: expectedSector.sector.receptionSites,
      stations: expectedSector.sector.stations,
    });
    expect(anonymous.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['sector', 'policeDeployments'], 'UNAUTHENTICATED'],
    ]);
    const forged = (await token('pref-police', 'police-justice:read')).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    const refused = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: '{"query":"{ __typename }"}',
    });
    expect(refused.status).toBe(401);
  });

  it('serves the cross-agency report, whose sign-in is the development OpenID provider it started', async () => {
    const output = service!.output();
    const url = output.match(/plan-wide graph ready at (http:\/\/[^\s"]+)/)![1]!;
    const [, issuer] =
      /cross-agency report: open \S+reports \(sign-in: the development OpenID provider at (http:\/\/127\.0\.0\.1:\d+)\)/.exec(output) ?? [];
    expect(issuer, output).toBeDefined();
    const page = await fetch(new URL('/reports', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(
      `"signIn":{"issuer":"${String(issuer)}","clientId":"plan-crack-reports","scope":"openid report:read"}`,
    );
    const discovery = (await (await fetch(`${String(issuer)}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      code_challenge_methods_supported: string[];
    };
    expect(discovery).toMatchObject({ issuer, code_challenge_methods_supported: ['S256'] });
    const csv = await fetch(new URL('/reports/2023.csv', url));
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^year,sector,/);
  });

  it('stops on SIGTERM and, started again, serves the same data without seeding twice', async () => {
    expect(service?.output()).toMatch(/plan-wide graph ready/);
    expect(service?.output().match(/, seeded, /g)).toHaveLength(subgraphNames.length);
    await service?.stop();
    const url = await start();
    expect(service?.output().match(/, existing data, /g)).toHaveLength(subgraphNames.length);
    const { data } = await postGraphQL<{ year: { social: { restSpaceVisits: { value: number } } } }>(
      url,
      '{ year(year: 2023) { social { restSpaceVisits { value } } } }',
    );
    expect(data).toEqual({ year: { social: { restSpaceVisits: { value: 36_741 } } } });
  });
});
