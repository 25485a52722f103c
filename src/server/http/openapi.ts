import type { SwaggerOptions } from '@fastify/swagger';
import type { RoutePermission } from './types.js';

/**
 * The OpenAPI document integrators read (/openapi.json, /api/docs), derived from the routes so it
 * cannot drift: each operation's security comes from its declared `config.permission` (the same
 * value the auth plugin enforces), its operationId from method and path, and every operation lists
 * the 4xx answers it can give with the one error body (`{ ok:false, error, message, messageEn, details }`).
 * `redocly lint` with the recommended rules passes on it (test/openapi.test.ts).
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `GET /api/cases/:id/notices/:kind` → `getCasesByIdNoticesByKind` (unique per method and path). */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => (seg.startsWith(':') ? ['by', seg.slice(1)] : seg.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

/** The OpenAPI security requirement of a route: none for public routes, the session cookie, and the CSRF header on writes. */
export function securityOf(permission: RoutePermission | undefined, method: string): Record<string, string[]>[] {
  if (!permission || permission === 'public') return [];
  if (permission === 'kiosk') return [{ kiosk: [] }];
  return SAFE_METHODS.has(method.toUpperCase()) ? [{ session: [] }] : [{ session: [], csrf: [] }];
}

const ERROR_BODY = {
  type: 'object',
  required: ['ok', 'error', 'message', 'messageEn', 'details'],
  properties: {
    ok: { type: 'boolean', enum: [false] },
    error: { type: 'string', description: 'Stable error code, e.g. VALIDATION_FAILED, FORBIDDEN, CASE_ILLEGAL_TRANSITION' },
    message: { type: 'string', description: 'Message in Simplified Chinese (zh-CN)' },
    messageEn: { type: 'string', description: 'Message in English (en-US)' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'zh', 'en'],
        properties: { code: { type: 'string' }, path: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const RESPONSES = {
  BadRequest: errorResponse('The request is not valid (schema validation; nothing was changed) — 请求参数不正确'),
  Unauthorized: errorResponse('Not logged in, or the session expired — 请先登录'),
  Forbidden: errorResponse('Not allowed for this account, or the CSRF header is missing or wrong — 无权限'),
  NotFound: errorResponse('No such object (or not visible to the caller) — 未找到'),
};

type Op = { security?: unknown[]; responses?: Record<string, unknown>; parameters?: { in: string }[] };

/** Adds the shared 4xx answers to one operation of the generated document. */
function addErrorResponses(url: string, op: Op): void {
  const responses = (op.responses ??= {});
  responses['400'] ??= { $ref: '#/components/responses/BadRequest' };
  if (op.security?.length) {
    responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
    responses['403'] ??= { $ref: '#/components/responses/Forbidden' };
  }
  if (url.includes('{')) responses['404'] ??= { $ref: '#/components/responses/NotFound' };
}

export function openApiOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tongban 通办 API',
        version,
        description:
          'Integrated online government services platform (一体化在线政务服务平台).\n\n' +
          'Authentication: log in with `POST /api/auth/login`; the answer sets the `tb_session` cookie and returns a `csrfToken`. ' +
          'Send the cookie with every call that needs a login, and the token in the `x-csrf-token` header with every state-changing call (POST, PUT, PATCH, DELETE). ' +
          'Errors: `{ ok:false, error, message (zh-CN), messageEn, details[] }`.',
        contact: { name: 'Tongban 通办 — the service hall running this server (12345 hotline)' },
        license: { name: 'Mulan PSL v2 (木兰宽松许可证 第2版)', url: 'http://license.coscl.org.cn/MulanPSL2' },
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tb_session', description: 'Session cookie set by POST /api/auth/login' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The csrfToken from login or GET /api/auth/me; required on state-changing calls' },
          kiosk: { type: 'apiKey', in: 'cookie', name: 'tb_kiosk', description: 'Kiosk session cookie (path /api/kiosk) set by POST /api/kiosk/session after ID number and SMS code' },
        },
        schemas: { Error: ERROR_BODY as unknown as Record<string, unknown> },
        responses: RESPONSES,
      },
    },
    transform: ({ schema, url, route }) => {
      const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
      const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
      const given = (schema ?? {}) as Record<string, unknown>;
      return {
        schema: { ...given, operationId: given.operationId ?? operationIdOf(method, url), security: given.security ?? securityOf(permission, method) } as typeof schema,
        url,
      };
    },
    transformObject: (documentObject) => {
      const doc = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
      for (const [url, ops] of Object.entries((doc as { paths?: Record<string, Record<string, Op>> }).paths ?? {})) {
        for (const op of Object.values(ops)) addErrorResponses(url, op);
      }
      return doc;
    },
  };
}
