import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestValidatorFactory } from './request-validators.js';

/**
 * The validators by request part (ADR 0050) on a bare Fastify app: a body as sent, the querystring read as
 * the types its schema names, and shared schemas (app.addSchema, also in an encapsulated plugin) resolved
 * by $ref in both.
 */
const app = Fastify({ schemaController: { compilersFactory: { buildValidator: requestValidatorFactory } } });

beforeAll(async () => {
  app.addSchema({ $id: 'count', type: 'integer', minimum: 1 });
  const shape = { type: 'object', properties: { n: { $ref: 'count#' }, tags: { type: 'array', items: { type: 'string' } } }, additionalProperties: false };
  app.post('/t', { schema: { body: { ...shape, required: ['n'] }, querystring: shape } }, async (req) => ({ body: req.body, query: req.query }));
  await app.register(async (child) => {
    child.addSchema({ $id: 'day', type: 'string', format: 'date' });
    child.post('/day', { schema: { body: { type: 'object', properties: { day: { $ref: 'day#' }, n: { $ref: 'count#' } }, required: ['day', 'n'] } } }, async (req) => req.body);
  });
  await app.ready();
});
afterAll(async () => app.close());

const post = (url: string, body: unknown) => app.inject({ method: 'POST', url, payload: body as object });

describe('request validators by part', () => {
  it('takes a body as sent: 8 is a count, "8", true and null are not, and a lone text is not a list', async () => {
    expect((await post('/t', { n: 8 })).json()).toEqual({ body: { n: 8 }, query: {} });
    for (const n of ['8', true, null]) {
      const res = await post('/t', { n });
      expect(res.statusCode, JSON.stringify(n)).toBe(400);
      expect((res.json() as { message: string }).message).toContain('body/n must be integer');
    }
    expect((await post('/t', { n: 1, tags: 'a' })).statusCode).toBe(400);
  });

  it('reads the querystring as the types its schema names', async () => {
    const res = await post('/t?n=5&tags=a', { n: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ body: { n: 1 }, query: { n: 5, tags: ['a'] } });
    expect((await post('/t?n=five', { n: 1 })).statusCode).toBe(400);
  });

  it('resolves shared schemas of the root and of an encapsulated plugin, with formats', async () => {
    expect((await post('/day', { day: '2026-03-02', n: 2 })).statusCode).toBe(200);
    expect((await post('/day', { day: '2026-13-45', n: 2 })).statusCode).toBe(400);
    expect((await post('/day', { day: '2026-03-02', n: '2' })).statusCode).toBe(400);
  });
});
