import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, type ErrorDetail } from '../errors.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const KEYWORD_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填项 ${String(p.missingProperty ?? '')}`,
  minLength: (p) => `长度不能少于 ${String(p.limit)} 个字符`,
  maxLength: (p) => `长度不能超过 ${String(p.limit)} 个字符`,
  pattern: () => '格式不正确',
  format: (p) => `格式不正确（应为 ${String(p.format)}）`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  type: (p) => `类型不正确（应为 ${String(p.type)}）`,
  enum: () => '取值不在允许范围内',
  additionalProperties: (p) => `不允许的字段 ${String(p.additionalProperty ?? '')}`,
  minItems: (p) => `至少需要 ${String(p.limit)} 项`,
  maxItems: (p) => `最多 ${String(p.limit)} 项`,
};

/** Turns Ajv's validation issues into bilingual details. */
export function validationDetails(issues: AjvIssue[], context: string): ErrorDetail[] {
  return issues.map((i) => {
    const path = `${context}${i.instancePath ?? ''}`;
    const zhOf = i.keyword ? KEYWORD_ZH[i.keyword] : undefined;
    return {
      code: `schema.${i.keyword ?? 'invalid'}`,
      path,
      zh: `${path}: ${zhOf ? zhOf(i.params ?? {}) : '不符合要求'}`,
      en: `${path}: ${i.message ?? 'is not valid'}`,
    };
  });
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
      const details = validationDetails(fe.validation, fe.validationContext ?? 'body');
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
