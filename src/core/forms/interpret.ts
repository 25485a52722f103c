import type { ErrorObject } from 'ajv';
import { FORMAT_RULES, type FormatRule } from './formats.js';
import type { JsonSchema } from './schema.js';

/**
 * A JSON Schema check that runs without generating code, for the subset effectiveFormSchema produces
 * (flat object; type, enum, const, format, lengths, bounds, required, additionalProperties: false,
 * allOf of if/then). The browser runs under a strict Content-Security-Policy (no 'unsafe-eval'), where
 * Ajv cannot compile; the errors have Ajv's shape and meaning, and a property test holds this check
 * to the server's Ajv on every demo item (test/forms.test.ts).
 */
export function interpretSchema(schema: JsonSchema, data: unknown, path = '', schemaPath = '#'): ErrorObject[] {
  const out: ErrorObject[] = [];
  const err = (keyword: string, params: Record<string, unknown>, message: string, at = path): void => {
    out.push({ keyword, instancePath: at, schemaPath: `${schemaPath}/${keyword}`, params, message });
  };
  const s = schema as Record<string, unknown>;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(data, t))) {
      // Like Ajv with allErrors: the other keywords still apply as far as they fit the value's own type.
      err('type', { type: types.join(',') }, `must be ${types.join(',')}`);
    }
  }
  if (s.const !== undefined && data !== s.const) err('const', { allowedValue: s.const }, 'must be equal to constant');
  if (Array.isArray(s.enum) && !s.enum.some((v) => v === data)) err('enum', { allowedValues: s.enum }, 'must be equal to one of the allowed values');
  if (typeof data === 'string') {
    const len = Array.from(data).length;
    if (typeof s.maxLength === 'number' && len > s.maxLength) err('maxLength', { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`);
    if (typeof s.minLength === 'number' && len < s.minLength) err('minLength', { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`);
  }
  if (typeof data === 'number') {
    if (typeof s.maximum === 'number' && data > s.maximum) err('maximum', { comparison: '<=', limit: s.maximum }, `must be <= ${s.maximum}`);
    if (typeof s.minimum === 'number' && data < s.minimum) err('minimum', { comparison: '>=', limit: s.minimum }, `must be >= ${s.minimum}`);
  }
  if (typeof s.format === 'string') {
    const rule: FormatRule | undefined = (FORMAT_RULES as Record<string, FormatRule>)[s.format];
    if (rule && typeof data === rule.type && !(rule.validate as (v: unknown) => boolean)(data)) err('format', { format: s.format }, `must match format "${s.format}"`);
  }
  if (isObject(data)) {
    for (const key of (s.required as string[] | undefined) ?? []) {
      if (!(key in data)) err('required', { missingProperty: key }, `must have required property '${key}'`);
    }
    const props = (s.properties as Record<string, JsonSchema> | undefined) ?? {};
    if (s.additionalProperties === false) {
      for (const key of Object.keys(data)) if (!(key in props)) err('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
    }
    for (const [key, sub] of Object.entries(props)) {
      if (key in data) out.push(...interpretSchema(sub, data[key], `${path}/${key}`, `${schemaPath}/properties/${key}`));
    }
  }
  for (const [i, sub] of ((s.allOf as JsonSchema[] | undefined) ?? []).entries()) out.push(...interpretSchema(sub, data, path, `${schemaPath}/allOf/${i}`));
  if (s.if !== undefined) {
    const branch = interpretSchema(s.if as JsonSchema, data, path).length === 0 ? 'then' : 'else';
    const sub = s[branch] as JsonSchema | undefined;
    if (sub) {
      const errors = interpretSchema(sub, data, path, `${schemaPath}/${branch}`);
      if (errors.length) out.push(...errors, { keyword: 'if', instancePath: path, schemaPath: `${schemaPath}/if`, params: { failingKeyword: branch }, message: `must match "${branch}" schema` });
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    default:
      return false;
  }
}
