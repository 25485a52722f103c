import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of an OpenAPI 3 document (the app's /openapi.json), for
 * the API fuzzer (test/fuzz.test.ts): well-formed values that reach the handlers, mixed with hostile
 * ones that the schemas and services must refuse with a 4xx.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  body: JsonSchema | undefined;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of the document, with its path parameters, query parameters and JSON body schema. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) continue;
      const params = op.parameters ?? [];
      ops.push({
        method: m as Operation['method'],
        // Fastify's swagger writes path parameters as {name}.
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' }, required: p.required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b[2J', '\u000b', '\u007f', '\ud800', '\udfff', 'a\u0000b');
const SNIPPETS = fc.constantFrom(
  "' or '1'='1",
  "'; drop table cases; --",
  '1; select pg_sleep(5)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  '',
  ' ',
  '😀'.repeat(20),
);

/** Hostile values: control characters, bad unicode, huge strings, wrong types, injection snippets and the given ids. */
export function hostile(ids: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: CONTROL, weight: 3 },
    { arbitrary: SNIPPETS, weight: 2 },
    { arbitrary: fc.constantFrom('9999-12-31', '0001-01-01', '2026-02-30', '+275760-09-13', '2026-13-01T25:61:00Z'), weight: 1 },
    { arbitrary: fc.constantFrom(...(ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])), weight: 2 },
    { arbitrary: fc.constantFrom('x'.repeat(100_000), '长'.repeat(20_000)), weight: 1 },
    { arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 53, -(2 ** 31), 1.5, [], {}, [null], { $gt: '' }, { __proto__: { admin: true } }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  );
}

function patternArbitrary(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= 200);
  } catch {
    return undefined;
  }
}

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.pattern) {
    const p = patternArbitrary(s.pattern);
    if (p) return p;
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, Math.max(minLength, 40));
  return fc.string({ minLength, maxLength });
}

/** Values that fit `schema` (approximately: enough to pass validation most of the time). */
export function fromSchema(schema: JsonSchema, doc: OpenApiDoc, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    const target = doc.components?.schemas?.[name];
    return target && depth < 6 ? fromSchema(target, doc, depth + 1) : fc.constant({});
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, doc, depth + 1)));
  if (schema.allOf?.length) return fromSchema(Object.assign({}, ...schema.allOf) as JsonSchema, doc, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 5) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      return fc.array(fromSchema(schema.items ?? {}, doc, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object':
    case undefined: {
      if (!schema.properties || depth > 5) return fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(schema.properties)) record[k] = fromSchema(v, doc, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return fc.anything({ maxDepth: 1 });
  }
}

/** Every path to a leaf (or an empty container) of a JSON value. */
export function leafPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leafPaths(x, [...prefix, i])) : [prefix];
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? entries.flatMap(([k, x]) => leafPaths(x, [...prefix, k])) : [prefix];
  }
  return [prefix];
}

/** A copy of `v` with the value at `path` replaced (the root when the path is empty). */
export function replaceAt(v: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, replacement) : x));
  const o = { ...(v as Record<string, unknown>) };
  o[head] = replaceAt(o[head], rest, replacement);
  return o;
}

/**
 * Mostly well-formed values with one hostile value planted somewhere inside (a nested form field, an
 * array element, a property), sometimes wholly well-formed, sometimes wholly hostile.
 */
export function fuzzValue(schema: JsonSchema, doc: OpenApiDoc, ids: readonly string[]): fc.Arbitrary<unknown> {
  const good = fromSchema(schema, doc);
  const bad = hostile(ids);
  const planted = fc.tuple(good, fc.nat(), bad).map(([v, pick, h]) => {
    const paths = leafPaths(v);
    return replaceAt(v, paths[pick % paths.length] ?? [], h);
  });
  return fc.oneof({ arbitrary: good, weight: 2 }, { arbitrary: planted, weight: 3 }, { arbitrary: bad, weight: 1 });
}
