import { DEMO_PASSWORD, totpFor } from './login.js';

/** A demo account's API session (cookie and CSRF token), for data a journey needs but does not test. */
export interface ApiSessionKeys {
  cookie: string;
  csrf: string;
}

/** Logs a demo account in through the API (staff give their authenticator code, on the server's clock). */
export async function apiLogin(baseUrl: string, username: string): Promise<ApiSessionKeys> {
  const totp = await totpFor(username);
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** One JSON API call as `s` (null: anonymous); throws with the answer on anything but 2xx. */
export async function apiCall<T>(baseUrl: string, s: ApiSessionKeys | null, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, { method, headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
