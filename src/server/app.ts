import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import type { DbKind } from './db/database.js';
import { registerErrorHandler } from './http/error-handler.js';
import { requestValidatorFactory } from './http/request-validators.js';
import { registerInputHygiene } from './http/input-hygiene.js';
import { authPlugin } from './http/auth-plugin.js';
import { openApiOptions } from './http/openapi.js';
import { adminActionAudit } from './audit/admin-actions.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { LOG_REDACT, LOG_SERIALIZERS } from './http/log-redaction.js';
import type { App } from './http/types.js';
import { identityRoutes } from './identity/routes.js';
import { registerCapabilities, registerUploadCapabilities } from './capabilities.js';
import type { FileStorage } from './adapters/storage.js';
import { fileStoreFor } from './adapters/file-store.js';
import { DevSinkSender, type MessageSender } from './adapters/messaging.js';
import type { TestClock } from './clock/test-clock.js';
import { testClockRoutes } from './clock/test-clock-routes.js';
import type { SessionCache } from './identity/session-cache.js';
import { createSessionCache, type SessionRow } from './identity/sessions.js';
import type { PgListener } from './db/listener.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DbKind;
    /** The session cache (PostgreSQL, ADR 0053), or undefined. */
    sessionCache: SessionCache<SessionRow> | undefined;
    /** The process's listening connection (PostgreSQL, ADR 0054), or undefined. */
    pgListener: PgListener | undefined;
  }
}

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  dbKind: DbKind;
  /** The clock; tests move it to check timeouts and deadlines. */
  now?: () => Date;
  /**
   * The test clock of a journey server (TONGBAN_TEST_CLOCK=1, ADR 0033): it becomes the app's clock and
   * its test-only routes (/api/test/clock, /api/test/sweep) are registered. Absent: those routes do not exist.
   */
  testClock?: TestClock;
  logger?: boolean;
  /** Where the log goes (default stdout); tests capture it. */
  logStream?: NodeJS.WritableStream;
  /** Where uploads go; defaults to DATA_DIR/files on disk. */
  storage?: FileStorage;
  messages?: MessageSender;
  /**
   * The listening connection of a PostgreSQL server (ADR 0054): the app starts it when ready and closes it.
   * It carries the session cache's change notices (ADR 0053; unless SESSION_CACHE=false) and the hall's live
   * events. None: every request reads its session, and hall events reach this process's screens only.
   */
  listener?: PgListener;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Builds the HTTP app without listening (Fastify's testing guide: tests use app.inject()). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const now = deps.testClock?.now ?? deps.now ?? (() => new Date());
  const app = Fastify({
    // Secrets and personal data never reach the log (finding 15): see http/log-redaction.ts.
    logger: deps.logger
      ? { level: deps.config.logLevel, serializers: LOG_SERIALIZERS, redact: LOG_REDACT, ...(deps.logStream ? { stream: deps.logStream } : {}) }
      : false,
    bodyLimit: 2 * 1024 * 1024,
    // Only configured proxies may say who the client is (finding 4); none by default.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    // A JSON body is validated as sent; querystring, params and headers, which arrive as text, with coercion (ADR 0050).
    schemaController: { compilersFactory: { buildValidator: requestValidatorFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', deps.db);
  app.decorate('dbKind', deps.dbKind);
  const listener = deps.listener;
  const sessionCache = listener && deps.config.sessionCache ? createSessionCache(listener, (msg) => app.log.warn(msg)) : undefined;
  app.decorate('pgListener', listener);
  app.decorate('sessionCache', sessionCache);
  if (listener) {
    app.addHook('onReady', async () => listener.start());
    app.addHook('onClose', async () => {
      sessionCache?.close();
      await listener.close();
    });
  }
  registerErrorHandler(app);
  registerInputHygiene(app);

  await registerSecurityHeaders(app);
  await app.register(cookie);
  // Security, operationIds and error answers derived from each route (src/server/http/openapi.ts).
  await app.register(swagger, openApiOptions('0.1.0'));
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, {
    db: deps.db,
    now,
    timeouts: { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours },
    sessionCache,
  });
  // Administrative actions are recorded in the hash-chained audit log (ADR 0010).
  await app.register(adminActionAudit, { db: deps.db, now });

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await deps.db.selectFrom('regions').select('code').limit(1).execute();
    return { status: 'ok', db: deps.dbKind };
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const messages = deps.messages ?? new DevSinkSender((line) => app.log.info(line));
  identityRoutes(app, { config: deps.config, now, messages });
  if (deps.testClock) testClockRoutes(app, { clock: deps.testClock, messages });
  const storage = deps.storage ?? fileStoreFor(deps.config);
  const capabilityDeps = { config: deps.config, now, storage, messages };
  registerCapabilities(app, capabilityDeps);
  // Multipart parsing (and its per-request hooks) only where files are uploaded.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 20 } });
    registerUploadCapabilities(uploads as unknown as App, capabilityDeps);
  });

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes fall back to the SPA shell; unknown /api paths stay JSON 404s.
    const pathname = req.url.split('?')[0] ?? '';
    if (hasWeb && req.method === 'GET' && !pathname.startsWith('/api/') && !path.extname(pathname)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ ok: false, error: 'NOT_FOUND', message: '未找到该地址', messageEn: `No route ${req.method} ${pathname}`, details: [] });
  });
  return app;
}
