/**
 * The cross-agency report served by the gateway (/reports): its CSV and TableSchema over real HTTP,
 * their numbers against the graph's own answer, and the page in Debian's headless Chromium with
 * every request to another host refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv, reportTableSchema } from '../../gateway/reports/csv.js';
import { reportFigures } from '../../gateway/reports/figures.js';
import type { ReportRow } from '../../gateway/reports/report.js';
import { registeredOperation } from '../../operations/index.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Where the browser tests leave their screenshot and printed PDF (not committed). */
export const reportOutputDir = join(tmpdir(), 'plancrack-reports');

const header = 'year,sector,sector_name,partner,figure,label,unit,value,change,change_percent,period_start,period_end,status,suppression_reason,threshold';

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
      .map((partner) => `${partner} { ${reportFigures.filter((figure) => figure.partner === partner).map((figure) => `${figure.field} { value coverage { from to complete } }`).join(' ')} }`)
      .join(' ')} } }`,
    { year },
  );
  const sectors = token === null ? null : await graph.queryWith<Pick<CrossAgency, 'sectors'>>(token, registeredOperation('cross-agency-report', 'CrossAgencyReport').body, { year });
  expect(planWide.errors).toBeUndefined();
  return { data: { year: planWide.data!.year, sectors: sectors?.data?.sectors ?? [] } };
}

describe('the cross-agency report (/reports)', () => {
  let graph: RunningGraph;
  let analystToken: string;

  beforeAll(async () => {
    graph = await startGraph(testEngines[0]!, 'reports', { scale: 1 });
    analystToken = await mintToken({ agent: 'analyste-prefecture', partner: 'pref-idf', scopes: ['report:read'] });
  });
  afterAll(async () => {
    await graph?.stop();
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
        return value ? [{ figure: figure.id, value: String(value.value), status: value.coverage?.complete ? 'published' : 'partial', period_end: value.coverage?.to }] : [];
      });
      expect(expected.length).toBeGreaterThanOrEqual(10);
      expect(rows.map(({ figure, value, status, period_end }) => ({ figure, value, status, period_end }))).toEqual(expected);
      // 2023 ends on 30 November in the data: partial, and said so.
      expect(rows.find((row) => row.figure === 'social.outreachRounds')).toMatchObject({ status: 'partial', period_start: '2023-01-01', period_end: '2023-11-30', partner: 'Ville de Paris' });
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
        const expectedSectors = data!.sectors.flatMap((sector) => {
          const cell = sector[`${figure.partner}Figures`]?.[figure.field]?.year;
          return cell ? [{ sector: sector.code, value: cell.value === null ? '' : String(cell.value), status: cell.suppressed ? 'suppressed' : expect.stringMatching(/^(published|partial)$/), threshold: cell.suppressed ? String(cell.suppressed.threshold) : '' }] : [];
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
        year: 2023, sector: 'x', sectorName: 'Quai "Est", bas', partner: 'P', figure: 'f', label: 'une\nligne', unit: 'u',
        value: 3, change: -1, changePercent: -25, periodStart: '2023-01-01', periodEnd: '2023-11-30', status: 'partial', suppressionReason: null, threshold: null,
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
      expect(schema.fields.find((field) => field.name === 'status')).toMatchObject({ type: 'string', constraints: { required: true, enum: ['published', 'suppressed', 'partial'] } });
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
      const forged = await get('/reports/2023.csv', { authorization: 'Bearer not-a-token' });
      expect(forged.status).toBe(401);
      expect(await forged.text()).toMatch(/^invalid bearer token: /);
    });
  });

  describe('its page, assets from this origin only', () => {
    it('is French HTML under a policy that allows nothing from elsewhere, with Chart.js served from node_modules', async () => {
      const response = await get('/reports', { 'accept-encoding': 'br' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
      expect(policy).not.toMatch(/https?:|\*|'unsafe-/);
      const html = await response.text();
      expect(html).toContain('<html lang="fr">');
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(sources.every((source) => source?.startsWith('/reports/'))).toBe(true);
      const chart = await get('/reports/assets/chart.umd.min.js');
      const shipped = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
      expect(createHash('sha256').update(Buffer.from(await chart.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(shipped).digest('hex'));
    });
  });

  describe('in a real browser', () => {
    let browser: Browser;
    const gatewayOrigin = () => new URL(graph.url).origin;

    beforeAll(async () => {
      if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (.ci/run does)`);
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
      mkdirSync(reportOutputDir, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** A browser context whose every request to another host is refused and noted, and a page whose errors are noted. */
    async function openContext(): Promise<{ context: BrowserContext; page: Page; elsewhere: string[]; problems: string[] }> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
      const elsewhere: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('blob:') || url.startsWith('data:') || new URL(url).origin === gatewayOrigin()) return route.continue();
        elsewhere.push(url);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return { context, page, elsewhere, problems };
    }

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
        if (typeof value === 'number') expect((await cell.innerText()).replace(/\s/g, '')).toBe(new Intl.NumberFormat('fr-FR').format(value).replace(/\s/g, ''));
      }
      const periodNote = await page.locator('#period-note').innerText();
      // Each partner's data stops on its own last day: 27 to 30 November 2023 in the seed.
      expect(periodNote).toContain('Année 2023 partielle : les données s’arrêtent entre le 27 novembre 2023 et le 30 novembre 2023 selon les indicateurs');
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
      console.log(`reports page, anonymous: first chart at ${Math.round(firstChartMs)} ms, ready at ${readyMs} ms, ${bytes} bytes transferred`);
      expect(firstChartMs).toBeGreaterThan(0);
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
