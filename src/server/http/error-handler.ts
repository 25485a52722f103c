import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import { validationDetails, type AjvIssue } from './validation-messages.js';

// Readable, bilingual messages naming the field (issue 9; ADR 0014).
export { validationDetails } from './validation-messages.js';

// SQLSTATE classes and socket errors that mean "the database went away", not "the request is wrong":
// 08 connection exception, 57P01–57P03 admin shutdown / crash shutdown / cannot connect now,
// 53300 too many connections. A retry a little later succeeds, so they are a 503, not a 500.
const DB_UNAVAILABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const DB_UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'terminating connection due to administrator command',
  'Cannot use a pool after calling end on the pool',
];
/** Seconds a client should wait before retrying after a database outage (Retry-After). */
export const DB_RETRY_AFTER_SECONDS = 5;

/** Whether an error means the database connection failed (as opposed to a bug or a bad query). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (DB_UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (DB_UNAVAILABLE_MESSAGES.some((m) => e instanceof Error && e.message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/** A PostgreSQL data exception (SQLSTATE class 22), raised by a value rather than by the system. */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof (err as { severity?: unknown }).severity === 'string';
}

/** The one error handler: domain errors keep their code; validation → 400; anything else → logged 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    if (err instanceof DomainError) {
      if (err.status >= 500) req.log.error(err);
      return reply.status(err.status).send({
        ok: false,
        error: err.code,
        message: err.localized.zh,
        messageEn: err.localized.en,
        details: err.details,
      });
    }
    const fe = err as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
    if (fe.validation) {
      const context = fe.validationContext ?? 'body';
      // The route's schema for that part of the request: field titles and the union branches come from it.
      const routeSchema = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[context];
      const details = validationDetails(fe.validation, context, routeSchema as Record<string, unknown> | undefined);
      return reply.status(400).send({
        ok: false,
        error: 'VALIDATION_FAILED',
        message: `请求参数不正确：${details.map((d) => d.zh).join('；')}`,
        messageEn: `The request is not valid: ${details.map((d) => d.en).join('; ')}`,
        details,
      });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const tooLarge = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413;
      return reply.status(fe.statusCode).send({
        ok: false,
        error: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        message: tooLarge ? '提交的内容过大' : '请求无法处理',
        messageEn: tooLarge ? 'The request body is too large' : fe.message,
        details: [],
      });
    }
    if (isDataException(err)) {
      // Input the schemas let through but PostgreSQL refuses (SQLSTATE class 22: a value out of
      // range, a malformed uuid or date). The statement failed, so its transaction wrote nothing.
      req.log.warn({ err }, 'data exception from the database');
      return reply.status(400).send({
        ok: false,
        error: 'VALIDATION_FAILED',
        message: '请求参数不正确：数据格式或取值范围无效',
        messageEn: 'The request is not valid: a value has the wrong format or is out of range',
        details: [],
      });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      const e = new DomainError('DATABASE_UNAVAILABLE');
      return reply.status(e.status).header('retry-after', String(DB_RETRY_AFTER_SECONDS)).send({
        ok: false,
        error: e.code,
        message: e.localized.zh,
        messageEn: e.localized.en,
        details: [],
      });
    }
    req.log.error(err);
    return reply.status(500).send({
      ok: false,
      error: 'INTERNAL',
      message: '系统繁忙，请稍后再试',
      messageEn: 'Something went wrong; please try again later',
      details: [],
    });
  });
}
