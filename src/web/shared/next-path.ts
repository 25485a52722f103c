/**
 * Where to go after logging in: the `?next=` the login page was opened with, if it is a path on this
 * site. Anything else — another origin (`https://…`), a protocol-relative `//host`, a backslash trick
 * (`/\host`, which browsers read as `//host`), a `javascript:` URL, control characters — is refused,
 * so a link to our login page can never send a person elsewhere (no open redirect).
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, 'https://tongban.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'https://tongban.invalid') return null;
  if (url.pathname === '/login' || url.pathname === '/register') return null;
  return url.pathname + url.search + url.hash;
}
