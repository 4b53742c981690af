// The console's one door to the gateway: same-origin fetches carrying the session cookie and its CSRF token. The
// admin API (/api/v2/…) takes this session in place of the bearer token; the console's own routes are /console/api/….

let csrfToken = null;
let expiresAt = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

function toSignIn(reason) {
  const next = encodeURIComponent(location.hash || '');
  location.assign(`/console/sign-in.html?${reason}=1&next=${next}`);
}

/** Loads the session (its CSRF token); without one, goes to the sign-in page. */
export async function loadSession() {
  const response = await fetch('/console/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    toSignIn('signin');
    throw new ApiError(401, { message: 'Sign in to the console' });
  }
  const body = await response.json();
  csrfToken = body.data.csrfToken;
  expiresAt = body.data.expiresAt;
  return body.data;
}

export function sessionExpiresAt() {
  return expiresAt;
}

/** method, path (with query), optional JSON body → the parsed envelope; a failed answer throws ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'X-CSRF-Token': csrfToken || '' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed = {};
  try { parsed = await response.json(); } catch (e) { parsed = {}; }
  if (response.status === 401 && ['SESSION_REQUIRED', 'MISSING_AUTH_TOKEN'].includes(parsed.error_code)) {
    toSignIn('expired');
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
