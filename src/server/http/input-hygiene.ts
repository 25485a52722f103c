import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type ErrorDetail } from '../errors.js';

/**
 * Input hygiene for every route (issue 8 finding 9): text may not carry C0 control characters other
 * than tab, line feed and carriage return, nor lone UTF-16 surrogates. PostgreSQL cannot store U+0000
 * in text or jsonb and a lone surrogate is not UTF-8, so such input used to reach the database and fail
 * there as a 500 (after part of the work was done). Here it is refused before validation with the
 * same 400 VALIDATION_FAILED as any other schema failure — in the body (values and keys), the query
 * string, the path parameters and multipart field and file names.
 */

// C0 controls except \t (09) \n (0A) \r (0D); a high surrogate not followed by a low one; a low
// surrogate not preceded by a high one. No `u` flag: the pattern works on UTF-16 code units.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN_RE.source, 'g');

/** Whether a string holds a character no route accepts. */
export function hasForbiddenCharacter(s: string): boolean {
  return FORBIDDEN_RE.test(s);
}

/** Nesting deeper than this is refused outright (no legitimate request comes close). */
const MAX_DEPTH = 64;

/** Where a value sits: its parent's place and its key, turned into a JSON pointer only for the answer. */
interface Place {
  parent: Place | null;
  key: string;
}
const pointer = (p: Place): string => (p.parent ? `${pointer(p.parent)}/${jsonPointerKey(p.key)}` : p.key);

/** The path of the first offending string (or key) in a parsed value, or undefined when it is clean. */
export function findForbiddenText(value: unknown, root: string): string | undefined {
  // Strings at the top (a whole body sent as text) and values without children cost no allocation.
  if (typeof value === 'string') return FORBIDDEN_RE.test(value) ? root : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const stack: { v: unknown; at: Place; depth: number }[] = [{ v: value, at: { parent: null, key: root }, depth: 0 }];
  while (stack.length > 0) {
    const { v, at, depth } = stack.pop() as { v: unknown; at: Place; depth: number };
    if (typeof v === 'string') {
      if (FORBIDDEN_RE.test(v)) return pointer(at);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return pointer(at);
    if (Buffer.isBuffer(v)) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string') {
          if (FORBIDDEN_RE.test(item)) return pointer({ parent: at, key: String(i) });
        } else if (item !== null && typeof item === 'object') stack.push({ v: item, at: { parent: at, key: String(i) }, depth: depth + 1 });
      }
      continue;
    }
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      if (FORBIDDEN_RE.test(key)) return pointer({ parent: at, key });
      const item = (v as Record<string, unknown>)[key];
      if (typeof item === 'string') {
        if (FORBIDDEN_RE.test(item)) return pointer({ parent: at, key });
      } else if (item !== null && typeof item === 'object') stack.push({ v: item, at: { parent: at, key }, depth: depth + 1 });
    }
  }
  return undefined;
}

function jsonPointerKey(key: string): string {
  // Shown in the error message: control characters are written as \uXXXX so the message stays printable.
  return key.replace(/~/g, '~0').replace(/\//g, '~1').replace(FORBIDDEN_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function forbiddenTextError(path: string): DomainError {
  const detail: ErrorDetail = {
    code: 'schema.characters',
    path,
    zh: `${path}: 含有不允许的控制字符或无效的 Unicode 字符`,
    en: `${path}: contains a control character or invalid Unicode`,
  };
  return new DomainError(
    'VALIDATION_FAILED',
    { zh: `请求参数不正确：${detail.zh}`, en: `The request is not valid: ${detail.en}` },
    [detail],
  );
}

/** Throws the 400 when a multipart part's field or file name carries a forbidden character. */
export function assertCleanPart(part: { fieldname?: string; filename?: string } | undefined): void {
  if (!part) return;
  if (typeof part.fieldname === 'string' && hasForbiddenCharacter(part.fieldname)) throw forbiddenTextError('multipart/fieldname');
  if (typeof part.filename === 'string' && hasForbiddenCharacter(part.filename)) throw forbiddenTextError('multipart/filename');
}

type PartsFn = (...args: unknown[]) => AsyncIterableIterator<{ fieldname?: string; filename?: string }>;
type FileFn = (...args: unknown[]) => Promise<{ fieldname?: string; filename?: string } | undefined>;

/** Checks multipart names as the route reads the parts (the body is a stream, parsed in the handler). */
function guardMultipart(req: FastifyRequest): void {
  const r = req as unknown as Record<string, unknown>;
  const file = r.file as FileFn | undefined;
  if (typeof file === 'function') {
    r.file = async (...args: unknown[]) => {
      const part = await file.apply(req, args);
      assertCleanPart(part);
      return part;
    };
  }
  for (const name of ['files', 'parts'] as const) {
    const iterate = r[name] as PartsFn | undefined;
    if (typeof iterate !== 'function') continue;
    r[name] = async function* (...args: unknown[]) {
      for await (const part of iterate.apply(req, args)) {
        assertCleanPart(part);
        yield part;
      }
    };
  }
}

/** Registers the check for every route (a root-level hook, so routes added later inherit it). */
export function registerInputHygiene(app: FastifyInstance): void {
  // Callback style: a clean request (nearly all) costs no promise.
  app.addHook('preValidation', (req, _reply, done) => {
    // The parsed values are what the routes see (percent-decoded; invalid UTF-8 in a URL decodes
    // to U+FFFD, which is harmless), so those are what is checked.
    const bad =
      findForbiddenText(req.params, 'params') ??
      findForbiddenText(req.query, 'querystring') ??
      findForbiddenText(req.body, 'body');
    if (bad) return done(forbiddenTextError(bad));
    if (req.isMultipart?.()) guardMultipart(req);
    done();
  });
}
