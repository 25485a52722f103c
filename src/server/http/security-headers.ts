import helmet from '@fastify/helmet';
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

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    if (FRAMED_BY_SELF.test(req.url)) {
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
      reply.header('x-frame-options', 'SAMEORIGIN');
    }
    done(null, payload);
  });
}
