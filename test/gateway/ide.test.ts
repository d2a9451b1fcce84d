import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { ideTitle } from '../../gateway/ide.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { operationsOf } from '../../operations/index.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { launchChromium, openIsolatedPage } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { productionGatewayEnv, testGatewayEnv } from '../support/identity.js';

/** Where the test leaves its screenshot (not committed). */
export const screenshotFile = join(tmpdir(), 'plancrack-ide.png');

/** What a locator shows, as a person reads it: the editor draws spaces as no-break spaces. */
const shown = async (locator: Locator): Promise<string> => (await locator.innerText()).replaceAll('\u00a0', ' ');

/**
 * Opens the IDE at `url`, counting the bytes it transfers; answers once the page's load event has
 * passed, with the introspection GraphiQL sends as it opens (the schema in) still to be awaited.
 */
async function openIde(page: Page, url: string) {
  let bytes = 0;
  page.on('requestfinished', (request) => {
    void request.sizes().then((sizes) => (bytes += sizes.responseHeadersSize + sizes.responseBodySize));
  });
  const started = Date.now();
  const schema = page.waitForResponse(
    (response) => response.request().method() === 'POST' && (response.request().postData() ?? '').includes('__schema'),
  );
  await page.goto(url, { waitUntil: 'load' });
  // Evaluated as text: the browser's types are not the compiler's (Node's lib only).
  const loadEventMs = Number(await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd'));
  return { started, schema, loadEventMs, bytes: () => bytes };
}

const browserHeaders = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
};

describe('the GraphQL IDE served by the gateway', () => {
  let graph: RunningGraph;
  let browser: Browser;
  const others: ListeningGateway[] = [];

  /** A second gateway over the same subgraphs, with other settings. */
  async function gatewayWith(env: NodeJS.ProcessEnv): Promise<ListeningGateway> {
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url]));
    const config = { ...gatewayConfigFromEnv(env), subgraphUrls: urls };
    const gateway = await listenGateway(buildGateway(config), 0, '127.0.0.1');
    others.push(gateway);
    return gateway;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    // As `npm start` runs it: introspection on outside production, so that the IDE has the schema.
    graph = await startGraph(testEngines[0]!, 'ide', { scale: 1 }, { gatewayEnv: { INTROSPECTION: 'true' } });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(others.map((gateway) => gateway.stop()));
    await graph?.stop();
  });

  it('opens offline, runs a communiqué tab through the UI and shows its answer, without one request elsewhere', async () => {
    // Every request that leaves the gateway's origin is refused and noted.
    const { context, page, elsewhere, problems } = await openIsolatedPage(browser, [new URL(graph.url).origin], {
      viewport: { width: 1400, height: 900 },
    });

    // Ready once the schema is in (GraphiQL introspects the gateway as it opens).
    const { started, schema, loadEventMs, bytes } = await openIde(page, graph.url);
    expect((await schema).status()).toBe(200);
    await page.locator('.graphiql-tab', { hasText: 'PlanSignatories' }).waitFor();
    const firstLoadMs = Date.now() - started;

    // Every communiqué operation is a tab, after the welcome tab that tells how to add a token.
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.map((tab) => tab.trim())).toEqual(['SectorName', ...operationsOf('communique').map((operation) => operation.name)]);
    await expect.poll(() => shown(page.locator('.graphiql-query-editor'))).toContain('"authorization": "Bearer <the token>"');

    const tab = page.getByRole('tab').getByRole('button', { name: 'PlanSignatories', exact: true });
    // With the mouse: a tab that moved from under the pointer as it was pressed was not selected (gateway/ide.ts).
    await tab.click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toBe('PlanSignatories');
    await expect.poll(() => shown(page.locator('.graphiql-query-editor'))).toContain('query PlanSignatories');
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(() => shown(result), { timeout: 20_000 }).toContain('"signedOn": "2019-05-27"');
    expect(await shown(result)).toContain('"name": "Plan crack"');

    await page.screenshot({ path: screenshotFile });
    console.log(
      `IDE: load event at ${Math.round(loadEventMs)} ms, schema in and tabs drawn at ${firstLoadMs} ms, ${bytes()} bytes transferred; screenshot ${screenshotFile}`,
    );
    expect(elsewhere).toEqual([]);
    // No script, style or worker refused by the page's own policy, nor any error of the page.
    expect(problems).toEqual([]);
    await context.close();
  });

  it('loads in a fresh browser, once the gateway has the page, within its weight', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const { started, schema, loadEventMs, bytes } = await openIde(page, graph.url);
    await schema;
    await page.getByRole('tab', { selected: true }).waitFor();
    const readyMs = Date.now() - started;
    await expect.poll(() => bytes()).toBeGreaterThan(1_000_000);
    console.log(
      `IDE, page already rendered: load event at ${Math.round(loadEventMs)} ms, schema in and tabs drawn at ${readyMs} ms, ${bytes()} bytes transferred`,
    );
    // The page (brotli, 1.86 MB) and the schema: about 2.0 MB; the page uncompressed is 9 MB.
    expect(bytes()).toBeLessThan(2.5 * 2 ** 20);
    await context.close();
  });

  it('is one compressed page whose policy allows nothing from elsewhere', async () => {
    const response = await fetch(graph.url, { headers: browserHeaders });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    expect(policy).not.toMatch(/https?:|\*|'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    // The hash is the page's one inline script.
    const html = await response.text();
    const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'));
    expect(policy).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|@import/);
    // The same page again costs a 304.
    const again = await fetch(graph.url, { headers: { ...browserHeaders, 'if-none-match': response.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('answers brotli to a browser that takes it', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      request(graph.url, { headers: browserHeaders }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ encoding: response.headers['content-encoding'], bytes: Buffer.concat(chunks) });
        });
      })
        .on('error', reject)
        .end();
    });
    expect(body.encoding).toBe('br');
    expect(brotliDecompressSync(body.bytes).toString('utf8')).toContain(`<title>${ideTitle}</title>`);
    expect(body.bytes.length).toBeLessThan(3 * 2 ** 20);
  });

  it('leaves GraphQL over GET to clients that ask for JSON', async () => {
    const response = await fetch(`${graph.url}?query=${encodeURIComponent('{ plan { name } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await response.json()).toEqual({ data: { plan: { name: 'Plan crack' } } });
  });

  it('is off in production unless GRAPHQL_IDE=true', async () => {
    const production = await gatewayWith(productionGatewayEnv());
    const off = await fetch(production.url, { headers: browserHeaders });
    expect(off.headers.get('content-type')).not.toContain('text/html');
    expect(off.status).toBe(400);

    const configured = await gatewayWith({ ...productionGatewayEnv(), GRAPHQL_IDE: 'true' });
    const on = await fetch(configured.url, { headers: browserHeaders });
    expect(on.status).toBe(200);
    expect(await on.text()).toContain(`<title>${ideTitle}</title>`);

    const disabled = await gatewayWith({ ...testGatewayEnv, GRAPHQL_IDE: 'false' });
    expect((await fetch(disabled.url, { headers: browserHeaders })).headers.get('content-type')).not.toContain('text/html');
  });
});
