/**
 * The GraphQL IDE the gateway serves on GET of its URL to a browser: GraphiQL as
 * `@graphql-yoga/render-graphiql` ships it, one self-contained page (scripts, styles, fonts and the
 * editor's workers inlined), so that it works on a network without internet access. Its
 * Content-Security-Policy allows nothing from elsewhere: the one inline script by its hash, the
 * workers the page makes itself (blob:), requests to the gateway only.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { PageAnswer } from '../platform/http.js';

/** A tab the IDE opens with. */
export interface IdeTab {
  readonly query: string;
  readonly variables?: string;
  readonly headers?: string;
}

/** The first tab: how to read more than the public fields, and what the other tabs are. */
export const welcomeTab: IdeTab = {
  query: `# The plan-wide graph, in an IDE that the gateway
# serves itself: no internet access needed.
#
# The other tabs are the communiqué's operations
# (operations/communique/): pick one, press ▶.
#
# Anonymous requests see the public fields only.
# For more, mint a development token:
#   npm run --silent token -- --partner pref-police \\
#     --scopes "police-justice:read report:read"
# and add it below, in Headers, as JSON:
#   { "authorization": "Bearer <the token>" }
# then reload the schema (↻, bottom left).
#
# Where the gateway serves registered operations
# only (TRUSTED_OPERATIONS=enforce), the tabs run as
# they are; an edited or new operation needs a token
# that grants graph:explore.
query SectorName {
  sector(code: "stalingrad") {
    name
  }
}
`,
};

// A non-breaking hyphen and space: GraphiQL's logo corner is narrow, and the title would break over three lines.
export const ideTitle = 'Plan\u2011wide\u00a0graph';

/**
 * The options of the page we use (graphql-yoga's `GraphiQLOptions`). Its own typings import
 * graphql-yoga's, which declare the DOM's fetch types over Node's: the module is named by a
 * variable so that the compiler does not read them.
 */
interface GraphiQLPageOptions {
  readonly title: string;
  readonly defaultTabs: IdeTab[];
  readonly shouldPersistHeaders: boolean;
  readonly defaultEditorToolsVisibility: boolean | 'variables' | 'headers';
}
const renderGraphiQLModule: string = '@graphql-yoga/render-graphiql';

/**
 * GraphiQL's tabs can be dragged to reorder them; with more tabs than fit, a tab keeps the offset of
 * its drag animation, which it shows once focused: pressing it moves it from under the pointer, the
 * click lands on the tab bar and the tab is not selected (seen in Chromium with the 28 tabs). Tabs
 * stay where they are drawn.
 */
const tabFix = '.graphiql-tab { transform: none !important; }';

/** The one inline script of a rendered page, as the browser hashes it for the CSP. */
function inlineScript(html: string): string {
  const start = html.indexOf('<script>');
  const end = html.lastIndexOf('</script>');
  // One closing tag: one script (its text holds "<script>" in a string, which opens none).
  if (start < 0 || end < start || html.indexOf('</script') !== end)
    throw new Error('the rendered GraphiQL page must hold exactly one inline script');
  return html.slice(start + '<script>'.length, end);
}

/**
 * Nothing from elsewhere: no default source; the script by its hash; styles inline (GraphiQL's
 * editor sets style attributes as it draws); images and fonts inlined as data: URLs; the editor's
 * workers from blob: URLs the page makes; requests to the gateway only; no frames, forms or base.
 */
export function contentSecurityPolicy(scriptHash: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    'worker-src blob:',
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface RenderedPage {
  readonly raw: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly etag: string;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Renders the page: GraphiQL opening on the given tabs, sending to the URL it was loaded from. */
export async function renderIde(tabs: readonly IdeTab[]): Promise<RenderedPage> {
  // Loaded on the first visit only: the bundle is 9 MB of JavaScript that a gateway serving no browser never needs.
  const { renderGraphiQL } = (await import(renderGraphiQLModule)) as { renderGraphiQL: (options: GraphiQLPageOptions) => string };
  const html = renderGraphiQL({
    title: ideTitle,
    defaultTabs: [...tabs],
    // A token typed in the headers editor is not kept in the browser's storage.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
  });
  const scriptHash = createHash('sha256').update(inlineScript(html)).digest('base64');
  const raw = Buffer.from(html.replace('</head>', `<style>${tabFix}</style></head>`));
  // Compressed once, off the event loop (about 1 s here): 9 MB to 1.86 MB with brotli at 9 (11 saves
  // 8 % more in 20 times the time), 2.4 MB with gzip (level 9 saves nothing over 6).
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(raw, { level: 6 }),
    brotliAsync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
  ]);
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`;
  return {
    raw,
    gzip: gzipped,
    brotli,
    etag,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(scriptHash),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The browser asks again each time and is answered 304 while the page is the same.
      'cache-control': 'no-cache',
      etag,
      vary: 'accept-encoding',
    },
  };
}

/** What a browser asks for when it opens the gateway's URL: GET of the root, HTML first (a GraphQL client asks for JSON). */
export const isIdeRequest = (request: IncomingMessage, url: URL): boolean =>
  request.method === 'GET' && url.pathname === '/' && (request.headers.accept ?? '').includes('text/html');

function encodingFor(request: IncomingMessage): 'br' | 'gzip' | null {
  const accepted = request.headers['accept-encoding'] ?? '';
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

/** The IDE page, rendered on the first visit and kept; answered compressed when the browser allows. */
export class IdePage {
  private rendered: Promise<RenderedPage> | undefined;

  constructor(private readonly tabs: () => Promise<readonly IdeTab[]>) {}

  readonly matches = isIdeRequest;

  async answer(request: IncomingMessage): Promise<PageAnswer> {
    this.rendered ??= this.tabs().then(renderIde);
    let page: RenderedPage;
    try {
      page = await this.rendered;
    } catch (error) {
      // Rendered again on the next visit rather than failing for ever.
      this.rendered = undefined;
      throw error;
    }
    if (request.headers['if-none-match'] === page.etag)
      return { status: 304, headers: { etag: page.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' }, body: Buffer.alloc(0) };
    const encoding = encodingFor(request);
    const body = encoding === 'br' ? page.brotli : encoding === 'gzip' ? page.gzip : page.raw;
    return { status: 200, headers: { ...page.headers, ...(encoding ? { 'content-encoding': encoding } : {}) }, body };
  }
}

/** The tabs: the welcome tab, then the communiqué's operations as registered (their printed text, which the manifest holds). */
export async function communiqueTabs(): Promise<readonly IdeTab[]> {
  const { operationsOf } = await import('../operations/index.js');
  return [welcomeTab, ...operationsOf('communique').map((operation) => ({ query: operation.body }))];
}
