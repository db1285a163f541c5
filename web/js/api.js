// Fetch wrapper for the plam JSON API (docs/API-CONTRACT.md).
// - unwraps the envelope: resolves {data, meta}, rejects with ApiError
//   carrying the server's French message, stable code, fields and request id;
// - sends X-CSRF-Token on every state-changing request (the token comes from
//   POST /api/session or GET /api/me and is kept in memory only);
// - on 401 (session missing or expired) sends the browser to the login page,
//   unless the caller asks to handle it.
import { T } from './texts.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PUBLIC_POSTS = new Set(['/api/session', '/api/registrations', '/api/registrations/verify', '/api/password-resets',
  '/api/password-resets/confirm', '/api/registrations/resend' /* cand */]);
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message, fields = [], requestId = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = Array.isArray(fields) ? fields : [];
    this.requestId = requestId;
  }
}

export function setCsrfToken(token) { csrfToken = token || null; }

/** URL of the login page that brings the user back to the current page. */
export function loginUrl(reason) {
  const here = location.pathname + location.search;
  const params = new URLSearchParams();
  if (here !== '/' && !here.startsWith('/connexion')) params.set('retour', here);
  if (reason) params.set('motif', reason);
  const qs = params.toString();
  return '/connexion.html' + (qs ? '?' + qs : '');
}

async function ensureCsrf() {
  if (csrfToken) return;
  const me = await request('GET', '/api/me');
  setCsrfToken(me.data && me.data.csrf_token);
}

/**
 * Calls the API. options.redirectOn401 (default true) redirects to the login
 * page on 401; options.query is an object turned into a query string
 * (empty values left out). Resolves {data, meta, status}; data is null for 204.
 */
export async function request(method, path, body, options = {}) {
  const { redirectOn401 = true, query = null } = options;
  method = method.toUpperCase();
  // Log in and the public account routes (mail) need no session, hence no CSRF token.
  const isLogin = method === 'POST' && PUBLIC_POSTS.has(path);
  // options.noCsrf: a public route that checks no CSRF token (the offer links)
  if (STATE_CHANGING.has(method) && !isLogin && !options.noCsrf) await ensureCsrf();

  let url = path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }

  const headers = { Accept: 'application/json' };
  if (body !== undefined && body !== null) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.has(method) && !isLogin && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body !== undefined && body !== null ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', T.errors.network);
  }

  const requestId = res.headers.get('X-Request-Id');
  let payload = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (text) {
      try { payload = JSON.parse(text); } catch { payload = null; }
    }
  }

  if (!res.ok) {
    const err = payload && typeof payload.error === 'object' && payload.error ? payload.error : {};
    const apiErr = new ApiError(res.status, err.code || 'http_' + res.status,
      typeof err.message === 'string' && err.message ? err.message : T.errors.generic,
      err.fields, err.request_id || requestId);
    if (res.status === 401 && redirectOn401 && !isLogin) {
      setCsrfToken(null);
      location.assign(loginUrl('expiree'));
    }
    throw apiErr;
  }
  if (res.status !== 204 && (!payload || typeof payload !== 'object' || !('data' in payload))) {
    throw new ApiError(res.status, 'unexpected_response', T.errors.unexpected, [], requestId);
  }
  return { data: payload ? payload.data : null, meta: payload ? payload.meta || null : null, status: res.status };
}

export const api = {
  get: (path, query, options = {}) => request('GET', path, null, { ...options, query }),
  post: (path, body, options) => request('POST', path, body, options),
  patch: (path, body, options) => request('PATCH', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  del: (path, options) => request('DELETE', path, null, options),
};

/** Logs in; keeps the CSRF token; resolves the user. */
export async function login(loginName, password) {
  const { data } = await request('POST', '/api/session', { login: loginName, password }, { redirectOn401: false });
  setCsrfToken(data.csrf_token);
  return data.user;
}

/** Logs out; the session cookie is cleared by the server. */
export async function logout() {
  try {
    await request('DELETE', '/api/session', null, { redirectOn401: false });
  } finally {
    setCsrfToken(null);
  }
}

/** The current session ({user, permissions, csrf_token}) or null when anonymous. */
export async function currentSession() {
  try {
    const { data } = await request('GET', '/api/me', null, { redirectOn401: false });
    setCsrfToken(data.csrf_token);
    return data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}
