import type { FastifyRequest } from 'fastify';

/**
 * Request logs without secrets or personal data (issue 8 finding 15; ASVS V16.2.5, 个人信息保护法 §51):
 * query parameters that carry a secret or a personal number are replaced, and ID numbers and mobile
 * numbers anywhere in the path are masked. Headers are not logged at all; cookies and the CSRF token
 * are redacted as a second line of defence should someone log them.
 */
const SECRET_PARAMS = new Set(['code', 'querycode', 'token', 'password', 'totp', 'idnumber', 'id_number', 'phone', 'mobile', 'email', 'name', 'secret', 'recoverycode']);
const ID_NUMBER = /\d{17}[\dXx]/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(ID_NUMBER, '[ID]').replace(MOBILE, '[PHONE]');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        /* a malformed escape: judge the raw key */
      }
      if (eq >= 0 && SECRET_PARAMS.has(name.toLowerCase())) return `${key}=[REDACTED]`;
      return pair.replace(ID_NUMBER, '[ID]').replace(MOBILE, '[PHONE]');
    })
    .join('&');
  return `${path}?${query}`;
}

/** Fastify logger options: the request serializer and redaction paths. */
export const LOG_SERIALIZERS = {
  req(req: FastifyRequest) {
    return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
};

export const LOG_REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'];
