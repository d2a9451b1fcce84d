// @ts-check
/**
 * Sign-in to the cross-agency report with the partners' OpenID provider: authorization code with
 * PKCE (S256), by oauth4webapi in the browser. The access token stays in this tab's
 * sessionStorage: never in a URL (the code that comes back in one is exchanged and removed from
 * the address bar at once), never in a cookie sent to anyone, gone when the tab closes; the page's
 * Content-Security-Policy runs no script but the gateway's own files. Sign-out forgets it and
 * ends the session at the provider.
 */
import * as oauth from './oauth4webapi.js';

const configurationElement = document.getElementById('report-configuration');
/** @type {{ signIn: { issuer: string, clientId: string, scope: string } | null }} */
const configuration = JSON.parse(configurationElement ? configurationElement.textContent || '{}' : '{}');
const keys = { token: 'plancrack.reports.accessToken', idToken: 'plancrack.reports.idToken', pending: 'plancrack.reports.signIn' };
const redirectUri = new URL('/reports', location.href).href;

/** @param {string} tag @param {Record<string, string>} [attributes] @param {(Node | string)[]} [children] */
function make(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The access token's claims, to say who is signed in (the gateway verifies the token; the page only reads it). @param {string} token */
function claimsOf(token) {
  try {
    const payload = token.split('.')[1] ?? '';
    return JSON.parse(decodeURIComponent(escape(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))));
  } catch {
    return {};
  }
}

/**
 * oauth4webapi speaks https only unless told: plain http is allowed for npm start's development
 * provider alone, which the gateway refuses in production (OIDC_ISSUER must be https there).
 * @param {{ issuer: string }} signIn
 */
const requestOptions = (signIn) => ({ [oauth.allowInsecureRequests]: new URL(signIn.issuer).protocol === 'http:' });

/** @param {{ issuer: string, clientId: string, scope: string }} signIn */
async function authorizationServer(signIn) {
  const issuer = new URL(signIn.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(signIn) }));
}

/** @param {{ issuer: string, clientId: string, scope: string }} signIn */
async function signInNow(signIn) {
  const server = await authorizationServer(signIn);
  if (!server.authorization_endpoint) throw new Error('the provider has no authorization endpoint');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(keys.pending, JSON.stringify({ verifier, state, back: location.search }));
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: signIn.scope,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.href);
}

/** Back from the provider with a code (or an error): exchanged for the tokens, and the address cleaned. @param {{ issuer: string, clientId: string, scope: string }} signIn */
async function finishSignIn(signIn) {
  const parameters = new URLSearchParams(location.search);
  if (!parameters.has('code') && !parameters.has('error')) return;
  const pending = JSON.parse(sessionStorage.getItem(keys.pending) ?? 'null');
  sessionStorage.removeItem(keys.pending);
  history.replaceState(null, '', `/reports${pending?.back ?? ''}`);
  if (!pending) throw new Error('aucune connexion n’était en cours dans cet onglet');
  const server = await authorizationServer(signIn);
  const client = { client_id: signIn.clientId };
  const callback = oauth.validateAuthResponse(server, client, parameters, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    callback,
    redirectUri,
    pending.verifier,
    requestOptions(signIn),
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  sessionStorage.setItem(keys.token, result.access_token);
  if (result.id_token) sessionStorage.setItem(keys.idToken, result.id_token);
}

/** @param {{ issuer: string, clientId: string, scope: string }} signIn */
async function signOut(signIn) {
  const idToken = sessionStorage.getItem(keys.idToken);
  sessionStorage.removeItem(keys.token);
  sessionStorage.removeItem(keys.idToken);
  const server = await authorizationServer(signIn).catch(() => null);
  if (!server?.end_session_endpoint) {
    window.dispatchEvent(new Event('plancrack:session'));
    drawSession(signIn);
    return;
  }
  const url = new URL(server.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    post_logout_redirect_uri: redirectUri,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.href);
}

/** @param {{ issuer: string, clientId: string, scope: string }} signIn @param {string} [problem] */
function drawSession(signIn, problem) {
  const session = document.getElementById('session');
  if (!session) return;
  const token = sessionStorage.getItem(keys.token);
  if (!token) {
    const button = make('button', { type: 'button', id: 'sign-in' }, ['Se connecter']);
    button.addEventListener('click', () => void signInNow(signIn).catch((error) => drawSession(signIn, String(error))));
    session.replaceChildren(...(problem ? [make('span', { class: 'problem' }, [`Connexion impossible : ${problem}`])] : []), button);
    return;
  }
  const claims = claimsOf(token);
  const button = make('button', { type: 'button', id: 'sign-out' }, ['Se déconnecter']);
  button.addEventListener('click', () => void signOut(signIn));
  session.replaceChildren(
    make('span', { id: 'agent' }, [`${claims.sub ?? 'agent'} (${claims.partner ?? '?'}) · ${claims.scope || 'aucun droit'}`]),
    button,
  );
}

const { signIn } = configuration;
/** What report.js awaits before its first request: the sign-in finished, if one was coming back. */
window.plancrackSession = signIn
  ? finishSignIn(signIn).then(
      () => drawSession(signIn),
      (error) => drawSession(signIn, error instanceof Error ? error.message : String(error)),
    )
  : Promise.resolve();
