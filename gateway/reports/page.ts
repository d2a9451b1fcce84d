/**
 * The cross-agency report for the steering committee, served by the gateway under /reports:
 * - `/reports`: the page, in French (assets/report.js draws it in the browser from the registered
 *   operations of operations/reports/, sent by their hash to the gateway's GraphQL endpoint);
 * - `/reports/assets/<file>`: its script, its styles and Chart.js, from this origin only;
 * - `/reports/<year>.csv` and `/reports/schema.json`: the open-data export and its TableSchema.
 * Its Content-Security-Policy allows nothing from elsewhere.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Page, PageAnswer } from '../../platform/http.js';
import type { Authenticator } from '../auth.js';
import type { SignInConfig } from '../config.js';
import type { GatewayContext } from '../subgraphs.js';
import { reportCsv, reportTableSchema } from './csv.js';
import { reportFigures, reportPartners, sectorFiguresScope } from './figures.js';
import { planWideOperation, readReport, ReportError, sectorsOperation } from './report.js';

export const reportsPath = '/reports';

/**
 * Nothing from elsewhere: scripts and styles from this origin only, no inline script or style;
 * requests to the gateway, and to the OpenID provider the page signs in with (its discovery and
 * token endpoints), nowhere else.
 */
export function reportsContentSecurityPolicy(signIn: SignInConfig | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${signIn ? ` ${new URL(signIn.issuer).origin}` : ''}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Asset {
  readonly type: string;
  readonly raw: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  readonly etag: string;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Compressed once, off the event loop, at brotli's quality 9 as the IDE's page (11 takes several times as long for a few per cent). */
async function asset(type: string, raw: Buffer): Promise<Asset> {
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(raw, { level: 6 }),
    brotliAsync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
  ]);
  return { type, raw, gzip: gzipped, brotli, etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"` };
}

const assetsDir = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const packageFile = createRequire(import.meta.url).resolve;
/** Chart.js's own UMD build, as the package ships it (node_modules), one file without dependencies. */
const chartFile = join(dirname(packageFile('chart.js')), 'chart.umd.min.js');
/** oauth4webapi's ES module (panva's OAuth 2 / OpenID client for browsers), one file without dependencies. */
const oauthFile = packageFile('oauth4webapi');

/** The scopes the page asks for at sign-in: the per-sector figures' (openid for the provider's ID token). */
export const signInScope = `openid ${sectorFiguresScope}`;

/** JSON inside a <script type="application/json">: no `<` that could close it. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const operationHash = (body: string): string => createHash('sha256').update(body).digest('hex');

/** What the page's scripts read from the page: the figures and their labels, the operations it sends by hash, where it signs in. */
export const pageConfiguration = (signIn: SignInConfig | null) => ({
  figures: reportFigures,
  partners: reportPartners,
  sectorScope: sectorFiguresScope,
  operations: {
    planWide: { name: planWideOperation.name, sha256Hash: operationHash(planWideOperation.body) },
    sectors: { name: sectorsOperation.name, sha256Hash: operationHash(sectorsOperation.body) },
  },
  signIn: signIn && { issuer: signIn.issuer, clientId: signIn.clientId, scope: signInScope },
});

function html(signIn: SignInConfig | null): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plan crack — rapport inter-partenaires</title>
<link rel="stylesheet" href="${reportsPath}/assets/report.css">
<script type="application/json" id="report-configuration">${scriptJson(pageConfiguration(signIn))}</script>
<script src="${reportsPath}/assets/chart.umd.min.js" defer></script>
<script src="${reportsPath}/assets/report-auth.js" type="module"></script>
<script src="${reportsPath}/assets/report.js" defer></script>
</head>
<body>
<header class="masthead">
  <div>
    <p class="kicker">Plan de mobilisation renforcée contre le crack à Paris</p>
    <h1>Rapport inter-partenaires <span id="report-year"></span></h1>
    <p class="subtitle">Pour le comité de pilotage. Chiffres issus du graphe des partenaires, sans copie.</p>
  </div>
  <nav class="controls" aria-label="Commandes du rapport">
    <label>Année <select id="year-picker"></select></label>
    <span id="session"></span>
    <button type="button" id="download-csv">Télécharger le CSV</button>
    <button type="button" id="print">Imprimer</button>
  </nav>
</header>
<main>
  <p id="status" role="status">Chargement du rapport…</p>
  <section id="plan-wide" aria-labelledby="plan-wide-title">
    <h2 id="plan-wide-title">Chiffres de l’ensemble du plan</h2>
    <p id="period-note" class="note"></p>
    <table id="plan-wide-table"></table>
  </section>
  <section id="cross-agency" aria-labelledby="cross-agency-title">
    <h2 id="cross-agency-title">Tableau inter-partenaires par secteur</h2>
    <p id="sector-note" class="note"></p>
    <div class="table-scroll"><table id="sector-table"></table></div>
  </section>
  <section id="charts" aria-labelledby="charts-title">
    <h2 id="charts-title">Graphiques</h2>
    <h3>Séries annuelles de chaque partenaire</h3>
    <div id="yearly-charts" class="chart-grid"></div>
    <h3>Série mensuelle <label class="controls">de l’indicateur <select id="figure-picker"></select></label><span id="figure-name" class="print-only"></span></h3>
    <p id="monthly-note" class="note"></p>
    <div class="chart-box"><canvas id="monthly-chart" aria-label="Série mensuelle de l’indicateur choisi"></canvas></div>
    <h3>Par secteur sur l’année</h3>
    <p id="bars-note" class="note"></p>
    <div class="chart-box" id="sector-bars-box"><canvas id="sector-bars" aria-label="L’indicateur choisi par secteur"></canvas></div>
  </section>
</main>
<footer><p>Sources : Préfecture de police, Parquet de Paris, ARS Île-de-France, AP-HP, GHU Paris, Ville de Paris, RATP. Export ouvert : <a href="${reportsPath}/schema.json">schéma TableSchema</a> du CSV.</p></footer>
</body>
</html>
`;
}

const yearCsv = /^\/reports\/(\d{4})\.csv$/;

function encodingFor(request: IncomingMessage): 'br' | 'gzip' | null {
  const accepted = request.headers['accept-encoding'] ?? '';
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

const securityHeaders = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

const textAnswer = (status: number, text: string): PageAnswer => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders },
  body: Buffer.from(`${text}\n`),
});

/** The report's page, assets and exports. */
export class ReportsPage implements Page {
  private assets: Promise<ReadonlyMap<string, Asset>> | undefined;
  private readonly contentSecurityPolicy: string;

  constructor(
    private readonly server: ApolloServer<GatewayContext>,
    private readonly authenticator: Authenticator,
    private readonly signIn: SignInConfig | null,
  ) {
    this.contentSecurityPolicy = reportsContentSecurityPolicy(signIn);
  }

  matches(request: IncomingMessage, url: URL): boolean {
    return request.method === 'GET' && (url.pathname === reportsPath || url.pathname.startsWith(`${reportsPath}/`));
  }

  /** Read and compressed on the first visit: a gateway serving no browser never loads them. */
  private loaded(): Promise<ReadonlyMap<string, Asset>> {
    const javascript = 'text/javascript; charset=utf-8';
    const files: [string, string, () => Buffer][] = [
      [reportsPath, 'text/html; charset=utf-8', () => Buffer.from(html(this.signIn))],
      [`${reportsPath}/assets/report.js`, javascript, () => readFileSync(join(assetsDir, 'report.js'))],
      [`${reportsPath}/assets/report-auth.js`, javascript, () => readFileSync(join(assetsDir, 'report-auth.js'))],
      // Without its source map comment: the map is not served.
      [
        `${reportsPath}/assets/oauth4webapi.js`,
        javascript,
        () => Buffer.from(readFileSync(oauthFile, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')),
      ],
      [`${reportsPath}/assets/report.css`, 'text/css; charset=utf-8', () => readFileSync(join(assetsDir, 'report.css'))],
      [`${reportsPath}/assets/chart.umd.min.js`, javascript, () => readFileSync(chartFile)],
      [
        `${reportsPath}/schema.json`,
        'application/schema+json; charset=utf-8',
        () => Buffer.from(`${JSON.stringify(reportTableSchema, null, 2)}\n`),
      ],
    ];
    this.assets ??= Promise.all(files.map(async ([path, type, read]) => [path, await asset(type, read())] as const)).then(
      (entries) => new Map(entries),
    );
    // Read again on the next visit rather than failing for ever.
    this.assets.catch(() => (this.assets = undefined));
    return this.assets;
  }

  async answer(request: IncomingMessage): Promise<PageAnswer> {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const csvYear = yearCsv.exec(pathname)?.[1];
    if (csvYear !== undefined) return this.csv(request, Number(csvYear));
    const found = (await this.loaded()).get(pathname === `${reportsPath}/` ? reportsPath : pathname);
    if (found === undefined)
      return textAnswer(
        404,
        `no ${pathname} here: the report is at ${reportsPath}, its exports at ${reportsPath}/<year>.csv and ${reportsPath}/schema.json`,
      );
    if (request.headers['if-none-match'] === found.etag)
      return { status: 304, headers: { etag: found.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' }, body: Buffer.alloc(0) };
    const encoding = encodingFor(request);
    return {
      status: 200,
      headers: {
        'content-type': found.type,
        'content-security-policy': this.contentSecurityPolicy,
        ...securityHeaders,
        // Asked again each time, answered 304 while unchanged: a new release is seen at once.
        'cache-control': 'no-cache',
        etag: found.etag,
        vary: 'accept-encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
      body: encoding === 'br' ? found.brotli : encoding === 'gzip' ? found.gzip : found.raw,
    };
  }

  /** The year's CSV as the agent may read it: plan-wide rows for anyone, each sector's under report:read. */
  private async csv(request: IncomingMessage, year: number): Promise<PageAnswer> {
    let identity;
    try {
      identity = await this.authenticator.identify(request.headers.authorization);
    } catch (error) {
      if (error instanceof GraphQLError) return textAnswer(401, error.message);
      throw error;
    }
    let rows;
    try {
      rows = await readReport(this.server, year, identity);
    } catch (error) {
      if (error instanceof ReportError) return textAnswer(error.status, error.message);
      throw error;
    }
    return {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="plan-crack-rapport-${year}.csv"`,
        // Per-sector rows are the agent's own: never kept by a shared cache.
        'cache-control': identity.agent === null ? 'public, max-age=60' : 'private, no-store',
        ...securityHeaders,
      },
      body: Buffer.from(reportCsv(rows)),
    };
  }
}
