/**
 * The cross-agency report served by the gateway (/reports): its CSV and TableSchema over real HTTP,
 * their numbers against the graph's own answer, and the page in Debian's headless Chromium with
 * every request to another host refused.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv, reportTableSchema } from '../../gateway/reports/csv.js';
import { reportFigures } from '../../gateway/reports/figures.js';
import type { ReportRow } from '../../gateway/reports/report.js';
import { registeredOperation } from '../../operations/index.js';
import { launchChromium, openIsolatedPage } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { developmentAudience, developmentIssuer } from '../../platform/keys.js';
import { startDevelopmentProvider, type RunningDevelopmentProvider } from '../../scripts/oidc-development-provider.js';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway } from '../../gateway/server.js';
import { pageConfiguration } from '../../gateway/reports/page.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { mintToken, productionGatewayEnv, testGatewayEnv, testKeys } from '../support/identity.js';

/** Where the browser tests leave their screenshot and printed PDF (not committed). */
export const reportOutputDir = join(tmpdir(), 'plancrack-reports');

const header =
  'year,sector,sector_name,partner,figure,label,unit,value,change,change_percent,period_start,period_end,status,suppression_reason,threshold';

type CsvRecord = Record<string, string>;
const parseCsv = (text: string): CsvRecord[] => parse(text, { columns: true, record_delimiter: '\r\n' });

interface PlanWideFigure {
  value: number | null;
  coverage: { from: string; to: string; complete: boolean } | null;
}
interface SectorFigure {
  year: { value: number | null; suppressed: { reason: string; threshold: number } | null } | null;
}
type CrossAgency = {
  year: Record<string, Record<string, PlanWideFigure | null> | null>;
  sectors: (Record<string, Record<string, SectorFigure> | null> & { code: string })[];
};

/** The graph's own answer: the registered cross-agency report's per-sector part, and each plan-wide figure with its coverage, asked as any client would (not the page's operations). */
async function graphAnswer(graph: RunningGraph, token: string | null, year: number) {
  const planWide = await graph.queryWith<Pick<CrossAgency, 'year'>>(
    token,
    `query ReportCheck($year: Int!) { year(year: $year) { ${['policeJustice', 'health', 'social', 'ratp']
      .map(
        (partner) =>
          `${partner} { ${reportFigures
            .filter((figure) => figure.partner === partner)
            .map((figure) => `${figure.field} { value coverage { from to complete } }`)
            .join(' ')} }`,
      )
      .join(' ')} } }`,
    { year },
  );
  const sectors =
    token === null
      ? null
      : await graph.queryWith<Pick<CrossAgency, 'sectors'>>(token, registeredOperation('cross-agency-report', 'CrossAgencyReport').body, {
          year,
        });
  expect(planWide.errors).toBeUndefined();
  return { data: { year: planWide.data!.year, sectors: sectors?.data?.sectors ?? [] } };
}

describe('the report’s sign-in settings', () => {
  it('refuses the development OpenID provider in production, and takes the partners’ over https', () => {
    const production = productionGatewayEnv();
    expect(() => gatewayConfigFromEnv({ ...production, OIDC_ISSUER: 'http://127.0.0.1:4010' })).toThrow(
      'OIDC_ISSUER is "http://127.0.0.1:4010", a development OpenID provider (npm start\'s runs on http on this machine): in production it must be the partners\' provider, over https',
    );
    expect(() => gatewayConfigFromEnv({ ...production, OIDC_ISSUER: 'https://localhost:8443' })).toThrow(
      "in production it must be the partners' provider, over https",
    );
    expect(() => gatewayConfigFromEnv({ ...production, OIDC_ISSUER: 'idp.example' })).toThrow(
      'OIDC_ISSUER must be the OpenID provider\'s issuer URL, got "idp.example"',
    );
    expect(gatewayConfigFromEnv({ ...production, OIDC_ISSUER: 'https://connexion.partenaires-plan-crack.example/' }).signIn).toEqual({
      issuer: 'https://connexion.partenaires-plan-crack.example',
      clientId: 'plan-crack-reports',
    });
    // Outside production the development provider is fine; without OIDC_ISSUER, no sign-in.
    expect(
      gatewayConfigFromEnv({ ...production, NODE_ENV: 'development', OIDC_ISSUER: 'http://127.0.0.1:4010', OIDC_CLIENT_ID: 'rapport' })
        .signIn,
    ).toEqual({ issuer: 'http://127.0.0.1:4010', clientId: 'rapport' });
    expect(gatewayConfigFromEnv(production).signIn).toBeNull();
  });
});

describe('the cross-agency report (/reports)', () => {
  let graph: RunningGraph;
  let provider: RunningDevelopmentProvider;
  let analystToken: string;

  beforeAll(async () => {
    // As npm start runs them: the development OpenID provider, whose JWKS the gateway verifies every token with (the test key's too).
    provider = await startDevelopmentProvider({
      port: 0,
      host: '127.0.0.1',
      audience: developmentAudience,
      tokenPrivateKeyFile: testKeys.tokenPrivateKeyFile,
    });
    graph = await startGraph(
      testEngines[0]!,
      'reports',
      { scale: 1 },
      {
        gatewayEnv: {
          AUTH_PUBLIC_KEY_FILE: '',
          AUTH_JWKS_URL: provider.jwksUrl,
          AUTH_ISSUER: `${developmentIssuer},${provider.issuer}`,
          OIDC_ISSUER: provider.issuer,
        },
      },
    );
    provider.allowReportsPage(new URL('/reports', graph.url).href);
    analystToken = await mintToken({ agent: 'analyste-prefecture', partner: 'pref-idf', scopes: ['report:read'] });
  });
  afterAll(async () => {
    await graph?.stop();
    await provider?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, graph.url), { headers });

  describe('its CSV and TableSchema', () => {
    it('gives anyone the plan-wide rows of a year: RFC 4180 with CRLF, one header row, ISO dates, a status, the graph’s numbers', async () => {
      const response = await get('/reports/2023.csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="plan-crack-rapport-2023.csv"');
      const text = await response.text();
      // Every line ends with CRLF, none with a bare LF; the first is the header, once.
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(header);
      expect(lines.filter((line) => line === header)).toHaveLength(1);
      const rows = parseCsv(text);
      // Anonymous: one plan-wide row per figure with data in 2023, no sector.
      expect(rows.map((row) => row.sector)).toEqual(rows.map(() => ''));
      expect(rows.map((row) => row.sector_name)).toEqual(rows.map(() => 'Ensemble du plan'));

      const { data } = await graphAnswer(graph, null, 2023);
      const expected = reportFigures.flatMap((figure) => {
        const value = data?.year[figure.partner]?.[figure.field];
        return value
          ? [
              {
                figure: figure.id,
                value: String(value.value),
                status: value.coverage?.complete ? 'published' : 'partial',
                period_end: value.coverage?.to,
              },
            ]
          : [];
      });
      expect(expected.length).toBeGreaterThanOrEqual(10);
      expect(rows.map(({ figure, value, status, period_end }) => ({ figure, value, status, period_end }))).toEqual(expected);
      // 2023 ends on 30 November in the data: partial, and said so.
      expect(rows.find((row) => row.figure === 'social.outreachRounds')).toMatchObject({
        status: 'partial',
        period_start: '2023-01-01',
        period_end: '2023-11-30',
        partner: 'Ville de Paris',
      });
      for (const row of rows) expect(row.period_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('gives an agent with report:read one row per sector × figure, a suppressed cell empty and never 0, and sectors that add up to the plan-wide row', async () => {
      const response = await get('/reports/2023.csv', { authorization: `Bearer ${analystToken}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const rows = parseCsv(await response.text());
      const { data } = await graphAnswer(graph, analystToken, 2023);
      expect(data?.sectors).toHaveLength(6);
      for (const figure of reportFigures) {
        const ofFigure = rows.filter((row) => row.figure === figure.id);
        const sectorRows = ofFigure.filter((row) => row.sector !== '');
        const expectedSectors = data.sectors.flatMap((sector) => {
          const cell = sector[`${figure.partner}Figures`]?.[figure.field]?.year;
          return cell
            ? [
                {
                  sector: sector.code,
                  value: cell.value === null ? '' : String(cell.value),
                  status: cell.suppressed ? 'suppressed' : expect.stringMatching(/^(published|partial)$/),
                  threshold: cell.suppressed ? String(cell.suppressed.threshold) : '',
                },
              ]
            : [];
        });
        expect(sectorRows.map(({ sector, value, status, threshold }) => ({ sector, value, status, threshold }))).toEqual(expectedSectors);
        const planWide = ofFigure.find((row) => row.sector === '');
        // Where nothing is hidden, the six sectors add up to the published figure.
        if (planWide && sectorRows.every((row) => row.status !== 'suppressed') && sectorRows.length === 6) {
          expect(sectorRows.reduce((sum, row) => sum + Number(row.value), 0)).toBe(Number(planWide.value));
        }
      }
      // Police operations of 2023: small counts below the default threshold of 5 (disclosure tests).
      const suppressed = rows.filter((row) => row.figure === 'policeJustice.policeOperations' && row.status === 'suppressed');
      expect(suppressed.length).toBeGreaterThanOrEqual(2);
      for (const row of suppressed) {
        expect(row).toMatchObject({ value: '', threshold: '5' });
        expect(['BELOW_THRESHOLD', 'RECOVERABLE_BY_SUBTRACTION']).toContain(row.suppression_reason);
      }
    });

    it('quotes fields as RFC 4180 says: a comma, a quote or a line break inside a field', () => {
      const row: ReportRow = {
        year: 2023,
        sector: 'x',
        sectorName: 'Quai "Est", bas',
        partner: 'P',
        figure: 'f',
        label: 'une\nligne',
        unit: 'u',
        value: 3,
        change: -1,
        changePercent: -25,
        periodStart: '2023-01-01',
        periodEnd: '2023-11-30',
        status: 'partial',
        suppressionReason: null,
        threshold: null,
      };
      const text = reportCsv([row]);
      expect(text).toBe(`${header}\r\n2023,x,"Quai ""Est"", bas",P,f,"une\nligne",u,3,-1,-25,2023-01-01,2023-11-30,partial,,\r\n`);
      expect(parseCsv(text)[0]).toMatchObject({ sector_name: 'Quai "Est", bas', label: 'une\nligne' });
    });

    it('describes its columns in a TableSchema, named as the CSV’s header', async () => {
      const response = await get('/reports/schema.json');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
      const schema = (await response.json()) as typeof reportTableSchema;
      expect(schema.fields.map((field) => field.name).join(',')).toBe(header);
      expect(schema.fields.find((field) => field.name === 'status')).toMatchObject({
        type: 'string',
        constraints: { required: true, enum: ['published', 'suppressed', 'partial'] },
      });
      expect(schema.fields.find((field) => field.name === 'period_start')).toMatchObject({ type: 'date' });
      expect(schema.fields.find((field) => field.name === 'value')).toMatchObject({ type: 'integer' });
    });

    it('answers a year the plan does not have, a path it does not serve and a token that does not verify with what was wrong', async () => {
      const missing = await get('/reports/1850.csv');
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/^no report for 1850: year: 1850 is outside the plan, which runs from 2019 to \d{4}\n$/);
      const unknown = await get('/reports/deux-mille.csv');
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('its exports at /reports/<year>.csv and /reports/schema.json');
      // An agent without report:read gets the published rows only.
      const otherScope = await mintToken({ agent: 'agent-ratp', partner: 'ratp', scopes: ['ratp:read'] });
      const published = parseCsv(await (await get('/reports/2023.csv', { authorization: `Bearer ${otherScope}` })).text());
      expect(published.length).toBeGreaterThanOrEqual(10);
      expect(published.filter((row) => row.sector !== '')).toEqual([]);
      const forged = await get('/reports/2023.csv', { authorization: 'Bearer not-a-token' });
      expect(forged.status).toBe(401);
      expect(await forged.text()).toMatch(/^invalid bearer token: /);
    });
  });

  it('works where the gateway serves registered operations only: the page’s by their hash, the CSV’s by their text', async () => {
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url]));
    const enforcing = await listenGateway(
      buildGateway({ ...gatewayConfigFromEnv({ ...testGatewayEnv, TRUSTED_OPERATIONS: 'enforce' }), subgraphUrls: urls }),
      0,
      '127.0.0.1',
    );
    try {
      const { planWide } = pageConfiguration(null).operations;
      const byHash = await fetch(enforcing.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          operationName: planWide.name,
          variables: { year: 2023, from: '2023-01-01', to: '2023-12-31' },
          extensions: { persistedQuery: { version: 1, sha256Hash: planWide.sha256Hash } },
        }),
      });
      expect(byHash.status).toBe(200);
      const answer = (await byHash.json()) as { data?: { year: { year: number } }; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.year.year).toBe(2023);
      const csv = await fetch(new URL('/reports/2023.csv', enforcing.url), { headers: { authorization: `Bearer ${analystToken}` } });
      expect(csv.status).toBe(200);
      expect(parseCsv(await csv.text()).some((row) => row.status === 'suppressed')).toBe(true);
    } finally {
      await enforcing.stop();
    }
  });

  describe('its page, assets from this origin only', () => {
    it('is French HTML under a policy that allows nothing from elsewhere, with Chart.js served from node_modules', async () => {
      const response = await get('/reports', { 'accept-encoding': 'br' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
      // Requests go to the gateway and to the OpenID provider the page signs in with, nowhere else.
      expect(policy).toContain(`connect-src 'self' ${provider.issuer};`);
      expect(policy.replace(provider.issuer, '')).not.toMatch(/https?:|\*|'unsafe-/);
      const html = await response.text();
      expect(html).toContain('<html lang="fr">');
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources.every((source) => source?.startsWith('/reports/'))).toBe(true);
      const chart = await get('/reports/assets/chart.umd.min.js');
      const shipped = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
      expect(
        createHash('sha256')
          .update(Buffer.from(await chart.arrayBuffer()))
          .digest('hex'),
      ).toBe(createHash('sha256').update(shipped).digest('hex'));
    });
  });

  describe('in a real browser', () => {
    let browser: Browser;
    const gatewayOrigin = () => new URL(graph.url).origin;

    beforeAll(async () => {
      browser = await launchChromium();
      mkdirSync(reportOutputDir, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** A page whose every request to another host than the gateway and the development OpenID provider (both on this machine) is refused and noted. */
    const openContext = () =>
      openIsolatedPage(browser, [gatewayOrigin(), provider.issuer], {
        viewport: { width: 1280, height: 900 },
        locale: 'fr-FR',
        acceptDownloads: true,
      });

    it('shows anyone the 2023 plan-wide figures the graph gives, with their change, the partial year, charts and no sector figure', async () => {
      const { context, page, elsewhere, problems } = await openContext();
      let bytes = 0;
      page.on('requestfinished', (request) => {
        void request.sizes().then((sizes) => (bytes += sizes.responseHeadersSize + sizes.responseBodySize));
      });
      const started = Date.now();
      await page.goto(new URL('/reports', graph.url).href);
      await page.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });
      const firstChartMs = Number(await page.evaluate('performance.getEntriesByName("first-chart")[0]?.startTime ?? -1'));
      const readyMs = Date.now() - started;
      expect(await page.locator('h1').innerText()).toBe('Rapport inter-partenaires 2023');

      const { data } = await graphAnswer(graph, null, 2023);
      for (const figure of reportFigures) {
        const value = data?.year[figure.partner]?.[figure.field]?.value;
        const cell = page.locator(`#plan-wide-table tr[data-figure="${figure.id}"] td[data-value]`);
        expect(await cell.getAttribute('data-value')).toBe(value === undefined || value === null ? '' : String(value));
        if (typeof value === 'number')
          expect((await cell.innerText()).replace(/\s/g, '')).toBe(new Intl.NumberFormat('fr-FR').format(value).replace(/\s/g, ''));
      }
      const periodNote = await page.locator('#period-note').innerText();
      // Each partner's data stops on its own last day: 27 to 30 November 2023 in the seed.
      expect(periodNote).toContain(
        'Année 2023 partielle : les données s’arrêtent entre le 27 novembre 2023 et le 30 novembre 2023 selon les indicateurs',
      );
      expect(await page.locator('#plan-wide-table tr[data-figure="social.outreachRounds"] td.period').innerText()).toBe(
        'du 1er janvier 2023 au 30 novembre 2023 (année partielle), comparé au 1er janvier 2022 – 30 novembre 2022',
      );
      expect(periodNote).toContain('Les évolutions comparent les mêmes jours de 2022');
      // The table has its plan-wide row only, and says why.
      expect(await page.locator('#sector-table tbody tr').count()).toBe(0);
      expect(await page.locator('#sector-table tfoot tr th').innerText()).toBe('Ensemble du plan');
      expect(await page.locator('#sector-note').innerText()).toContain('réservés aux agents habilités (droit report:read)');
      // Four yearly charts, the monthly one and the bars, drawn on their canvases.
      expect(await page.locator('#yearly-charts canvas').count()).toBe(4);
      expect(Number(await page.evaluate('document.getElementById("monthly-chart").width'))).toBeGreaterThan(0);

      await page.screenshot({ path: join(reportOutputDir, 'report-2023-public.png'), fullPage: true });
      console.log(
        `reports page, anonymous: first chart at ${Math.round(firstChartMs)} ms, ready at ${readyMs} ms, ${bytes} bytes transferred`,
      );
      expect(firstChartMs).toBeGreaterThan(0);
      // Compressed: the page, its scripts (Chart.js 61 KB with brotli), styles and two GraphQL answers, about 130 KB.
      await expect.poll(() => bytes).toBeGreaterThan(60_000);
      expect(bytes).toBeLessThan(300_000);
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('signs a Préfecture analyst in with report:read, shows a suppressed cell as such, changes the year, downloads the CSV the page shows, prints the handout and signs out', async () => {
      const { context, page, elsewhere, problems } = await openContext();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(new URL('/reports', graph.url).href);
      await page.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });

      // The development provider's sign-in page: an agent, a partner, the scopes the page asked for.
      await page.locator('#sign-in').click();
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      await page.locator('input[name="agent"]').fill('analyste-prefecture');
      await page.locator('select[name="partner"]').selectOption('pref-idf');
      expect(
        await page
          .locator('input[name="scope"]')
          .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value)),
      ).toEqual(['report:read']);
      await page.locator('button[type="submit"]').click();
      // Back on the report, the code exchanged and gone from the address.
      await page.waitForURL(new RegExp(`^${new URL('/reports', graph.url).href}$`), { timeout: 20_000 });
      await page.locator('#sector-table tbody tr').first().waitFor({ timeout: 30_000 });
      await page.locator('body[data-state="ready"]').waitFor();
      expect(await page.locator('#agent').innerText()).toBe('analyste-prefecture (pref-idf) · report:read');
      const token = String(await page.evaluate('sessionStorage.getItem("plancrack.reports.accessToken")'));
      expect(token.split('.')).toHaveLength(3);

      // The sector table: six sectors, each cell the graph's value, a hidden one "secret statistique" with its threshold, never 0.
      const { data } = await graphAnswer(graph, analystToken, 2023);
      expect(await page.locator('#sector-table tbody tr').count()).toBe(6);
      let suppressedSeen = 0;
      for (const sector of data.sectors) {
        const cell = sector.policeJusticeFigures?.policeOperations?.year;
        const shown = page
          .locator(`#sector-table tr[data-sector="${sector.code}"] td`)
          .nth(reportFigures.findIndex((figure) => figure.id === 'policeJustice.policeOperations'));
        if (cell?.suppressed) {
          suppressedSeen += 1;
          expect(await shown.getAttribute('data-status')).toBe('suppressed');
          expect(await shown.innerText()).toBe('secret statistique (seuil 5)');
          expect(await shown.getAttribute('data-value')).toBeNull();
        } else if (cell) {
          expect(await shown.getAttribute('data-value')).toBe(String(cell.value));
        } else {
          // No data on the sector that year: a dash, not a zero.
          expect(await shown.innerText()).toBe('—');
        }
      }
      expect(suppressedSeen).toBeGreaterThanOrEqual(2);
      // Bars per sector are drawn for the signed-in agent.
      expect(await page.locator('#sector-bars-box').isVisible()).toBe(true);

      // Another year: the page and its CSV move together.
      await page.locator('#year-picker').selectOption('2022');
      await page.locator('h1', { hasText: 'Rapport inter-partenaires 2022' }).waitFor();
      await page.locator('body[data-state="ready"]').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
      expect(download.suggestedFilename()).toBe('plan-crack-rapport-2022.csv');
      const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
      const shownCells = (await page.locator('#sector-table tbody tr td, #sector-table tfoot tr td').evaluateAll((cells) =>
        cells.map((cell) => {
          const element = cell as unknown as {
            closest: (selector: string) => { getAttribute: (name: string) => string | null };
            getAttribute: (name: string) => string | null;
            cellIndex: number;
          };
          return {
            sector: element.closest('tr').getAttribute('data-sector'),
            column: element.cellIndex - 1,
            status: element.getAttribute('data-status'),
            value: element.getAttribute('data-value'),
          };
        }),
      )) as { sector: string; column: number; status: string | null; value: string | null }[];
      let compared = 0;
      for (const cell of shownCells) {
        const figure = reportFigures[cell.column]!;
        const row = csv.find((candidate) => candidate.sector === cell.sector && candidate.figure === figure.id);
        if (cell.status === null) {
          expect(row).toBeUndefined();
          continue;
        }
        expect(row, `${cell.sector || 'plan-wide'} × ${figure.id}`).toBeDefined();
        expect(row!.status).toBe(cell.status);
        expect(row!.value).toBe(cell.value ?? '');
        compared += 1;
      }
      expect(compared).toBe(csv.length);
      expect(csv.filter((row) => row.status === 'suppressed').length).toBeGreaterThanOrEqual(2);

      // The committee's handout: the page as it prints, on A4, without its controls.
      await page.locator('#year-picker').selectOption('2023');
      await page.locator('h1', { hasText: 'Rapport inter-partenaires 2023' }).waitFor();
      await page.locator('body[data-state="ready"]').waitFor();
      await page.screenshot({ path: join(reportOutputDir, 'report-2023-agent.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#year-picker').isVisible()).toBe(false);
      expect(await page.locator('#sign-out').isVisible()).toBe(false);
      const pdf = await page.pdf({ path: join(reportOutputDir, 'report-2023-agent.pdf'), format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const printedPages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(printedPages).toBeGreaterThanOrEqual(2);
      // The printed page as an image too (A4's width at 96 dpi), to look at without a PDF reader.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: join(reportOutputDir, 'report-2023-print.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      console.log(`reports page, printed: ${printedPages} A4 pages, ${pdf.length} bytes`);
      await page.emulateMedia({ media: 'screen' });

      // Sign-out: the token forgotten, the provider's session ended, the page back to the published figures.
      await page.locator('#sign-out').click();
      await page.waitForURL(`${provider.issuer}/**`);
      await page.locator('button[autofocus], button[type="submit"]').first().click();
      await page.waitForURL(new RegExp(`^${new URL('/reports', graph.url).href}`), { timeout: 20_000 });
      await page.locator('body[data-state="ready"]').waitFor();
      await page.locator('#sign-in').waitFor();
      expect(await page.locator('#sector-table tbody tr').count()).toBe(0);
      expect(await page.evaluate('sessionStorage.getItem("plancrack.reports.accessToken")')).toBeNull();

      // The token never went into an address.
      expect(requested.filter((url) => url.includes(token))).toEqual([]);
      console.log(`reports page, signed in: screenshot and printed PDF in ${reportOutputDir}`);
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
