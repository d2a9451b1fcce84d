/**
 * The development OpenID provider that `npm start` runs beside the graph on the embedded default,
 * so that an agent signs in to the cross-agency report (/reports) as they would with the partners'
 * provider: authorization code with PKCE, a JWT access token for the gateway's audience carrying
 * the `partner` and `scope` claims the gateway reads, verified by the gateway through this
 * provider's JWKS. It is panva's `oidc-provider`; only its sign-in page is ours, where a developer
 * picks an agent name, a partner and scopes. It signs with the development token key (the one
 * `npm run token` uses), so the gateway verifies both kinds of development token through one JWKS.
 * Never for production: the gateway refuses it there (OIDC_ISSUER, gateway/config.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';
import { partnerCodes } from '../platform/identity.js';
import { readPrivateKey } from '../platform/keys.js';
import { knownScopes } from '../subgraphs/registry.js';

/** The client the report page signs in as: public (no secret), so PKCE is required. */
export const reportsClientId = 'plan-crack-reports';
/** The resource indicator of the graph, whose access tokens carry the gateway's audience. */
export const graphResource = 'urn:plan-crack:plan-wide-graph';

export interface DevelopmentProviderOptions {
  readonly port: number;
  readonly host: string;
  /** The audience the gateway expects in agents' tokens (AUTH_AUDIENCE). */
  readonly audience: string;
  /** The development token key (PEM, Ed25519) that signs the tokens. */
  readonly tokenPrivateKeyFile: string;
}

export interface RunningDevelopmentProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  /**
   * Where the report page is served (`<gateway URL>reports`), once the gateway listens: the only
   * address sign-out may return to (the sign-in's loopback redirect takes any port already).
   */
  readonly allowReportsPage: (url: string) => void;
  readonly stop: () => Promise<void>;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16_384) reject(new Error('the sign-in form is larger than 16 KiB'));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    request.on('error', reject);
  });
}

/** The sign-in page: an agent's name, a partner, and which of the requested scopes to grant. */
function signInPage(uid: string, clientId: string, requested: readonly string[]): string {
  const partners = partnerCodes.map((code) => `<option value="${code}"${code === 'pref-idf' ? ' selected' : ''}>${code}</option>`).join('');
  const scopes = requested
    .filter((scope) => scope !== 'openid')
    .map((scope) => `<label><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label>`)
    .join('<br>');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Connexion de développement — plan crack</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 2rem auto">
<h1>Connexion de développement</h1>
<p>Fournisseur OpenID de développement de <code>npm start</code> : aucun mot de passe. Le client <code>${escapeHtml(clientId)}</code> demande l’accès au graphe.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}">
<p><label>Agent <input name="agent" value="analyste-prefecture" required pattern="[A-Za-z0-9._@\\-]{1,64}"></label></p>
<p><label>Partenaire <select name="partner">${partners}</select></label></p>
<fieldset><legend>Droits accordés</legend>${scopes || 'aucun droit demandé'}</fieldset>
<p><button type="submit">Se connecter</button></p>
</form></body></html>`;
}

/** Starts the provider; its issuer is its own URL (http on loopback: development only). */
export async function startDevelopmentProvider(options: DevelopmentProviderOptions): Promise<RunningDevelopmentProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host}:${port}`;
  const signingKey = {
    ...(await exportJWK(readPrivateKey(options.tokenPrivateKeyFile, 'the development token key', false))),
    alg: 'EdDSA',
    use: 'sig',
    kid: 'plan-crack-development',
  };
  /** The partner each grant was given on the sign-in page, for its access tokens' `partner` claim. */
  const partnerOfGrant = new Map<string, string>();
  const reportPages = new Set<string>();
  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: reportsClientId,
        // A page in the browser keeps no secret; "native" lets the loopback redirect take any port (RFC 8252 §7.3), the gateway's included.
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/reports', 'http://localhost/reports'],
        post_logout_redirect_uris: [...reportPages],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'EdDSA',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // OpenID's own; the graph's scopes are its resource server's (below), so they land in the access token for the gateway.
    scopes: ['openid'],
    pkce: { required: () => true },
    findAccount: (_context, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    // The page calls discovery and the token endpoint from the gateway's origin.
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: false },
      // Its own pages, like the sign-in page: nothing from elsewhere (the library's default pages load web fonts).
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (context, form) => {
          context.body = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion — plan crack</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 2rem auto"><h1>Déconnexion</h1>${form}
<p>Mettre fin à la session du fournisseur de développement ?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button></body></html>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => graphResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context, resource) => {
          if (resource !== graphResource) throw new errors.InvalidTarget(`the only resource here is ${graphResource}`);
          return {
            scope: knownScopes.join(' '),
            audience: options.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 3600,
            jwt: { sign: { alg: 'EdDSA' } },
          };
        },
      },
    },
    renderError: (context, out) => {
      context.type = 'text/plain; charset=utf-8';
      context.body = `sign-in failed: ${out.error}${out.error_description ? `: ${out.error_description}` : ''}\n`;
    },
    extraTokenClaims: (_context, token) => {
      const partner = 'grantId' in token && typeof token.grantId === 'string' ? partnerOfGrant.get(token.grantId) : undefined;
      return partner === undefined ? undefined : { partner };
    },
  });
  // Built on the first request, and again if a report page is allowed later: a client's metadata is fixed once built.
  let built: { provider: Provider; callback: ReturnType<Provider['callback']> } | undefined;
  const current = () => {
    if (built === undefined) {
      const provider = new Provider(issuer, configuration());
      built = { provider, callback: provider.callback() };
    }
    return built;
  };

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> => {
    const { provider } = current();
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new errors.InvalidRequest('the sign-in belongs to another interaction');
    const requested = (typeof details.params.scope === 'string' ? details.params.scope : '').split(' ').filter((scope) => scope !== '');
    if (request.method === 'GET') {
      const html = signInPage(uid, String(details.params.client_id), requested);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    const form = await readForm(request);
    const agent = form.get('agent') ?? '';
    const partner = form.get('partner') ?? '';
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(agent) || !partnerCodes.includes(partner)) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`an agent name (letters, digits, . _ @ -) and a partner of the plan (${partnerCodes.join(', ')}) are required\n`);
      return;
    }
    const chosen = form.getAll('scope').filter((scope) => requested.includes(scope));
    const grant = new provider.Grant({ accountId: agent, clientId: String(details.params.client_id) });
    grant.addOIDCScope('openid');
    if (chosen.length > 0) grant.addResourceScope(graphResource, chosen.join(' '));
    const refused = requested.filter((scope) => scope !== 'openid' && !chosen.includes(scope));
    if (refused.length > 0) grant.rejectResourceScope(graphResource, refused.join(' '));
    const grantId = await grant.save();
    partnerOfGrant.set(grantId, partner);
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: agent }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const uid = /^\/interaction\/([\w-]+)$/.exec(new URL(request.url ?? '/', issuer).pathname)?.[1];
    if (uid === undefined) {
      void current().callback(request, response);
      return;
    }
    interaction(request, response, uid).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`sign-in failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    allowReportsPage: (url) => {
      const page = new URL(url);
      reportPages.add(page.href);
      // The same page under the other loopback name a developer may type.
      if (page.hostname === '127.0.0.1') reportPages.add(Object.assign(new URL(page.href), { hostname: 'localhost' }).href);
      built = undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
