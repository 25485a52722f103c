import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (issue 8 finding 14; ASVS V3.4): HSTS, a strict Content-Security-
 * Policy (scripts only from our own origin — the Vite build has no inline script; antd writes inline
 * styles, so style-src alone allows 'unsafe-inline'), no framing by anyone, nosniff, no referrer.
 * upgrade-insecure-requests is left out: behind TLS, HSTS does that job, and plain-http development works.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // data: for the QR code of TOTP enrolment and antd's inline icons.
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // The material viewer frames uploaded files from our own origin.
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Uploaded files are shown in an iframe of the workbench: only our own pages may frame them. */
const FRAMED_BY_SELF = /^\/api\/files\//;

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xFrameOptions: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/**
 * The headers helmet sets for these options, worked out once: its middleware run against a response
 * that only records them. The options are fixed (no per-request nonces), so every response gets the
 * same headers; building helmet's middleware on every request (as @fastify/helmet does) cost more than
 * the look-up it guarded.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const everywhere = Object.entries(helmetHeaders(HELMET_OPTIONS));
  const files = everywhere.map(([name, value]): [string, string] =>
    name === 'content-security-policy' ? [name, value.replace("frame-ancestors 'none'", "frame-ancestors 'self'")] : name === 'x-frame-options' ? [name, 'SAMEORIGIN'] : [name, value],
  );
  // On every request, before routing and any error: 404s and refusals carry them too. Set on the raw
  // response, as helmet does, so that hijacked responses (the hall's event stream) carry them as well.
  app.addHook('onRequest', (req, reply, done) => {
    for (const [name, value] of FRAMED_BY_SELF.test(req.url) ? files : everywhere) reply.raw.setHeader(name, value);
    done();
  });
}
