import type { FormField, FormSchema, ItemContent } from '../catalogue/types.js';

/** A JSON Schema object as Ajv and react-jsonschema-form take it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The form schema an application is checked against, for the situations the applicant chose: the
 * item's schema with unknown keys refused, required text fields non-empty, and the fields that a
 * chosen situation option makes required (e.g. 字号名称 after 使用字号) added to `required`.
 * The same function feeds the web form (react-jsonschema-form) and the server check.
 */
export function effectiveFormSchema(form: FormSchema, situationAnswers: Record<string, readonly string[]>): JsonSchema {
  const chosen = (s: string, o: string) => (situationAnswers[s] ?? []).includes(o);
  const required = new Set(form.required ?? []);
  for (const c of form['x-conditions'] ?? []) if (chosen(c.situationId, c.optionId)) for (const f of c.required) required.add(f);
  const properties: Record<string, JsonSchema> = {};
  for (const [key, field] of Object.entries(form.properties)) properties[key] = fieldSchema(field, required.has(key));
  return {
    type: 'object',
    ...(form.title ? { title: form.title } : {}),
    properties,
    required: [...required].filter((k) => k in form.properties),
    additionalProperties: false,
    ...(form.allOf?.length ? { allOf: form.allOf.map((c) => ({ if: c.if, then: c.then })) } : {}),
  };
}

function fieldSchema(f: FormField, required: boolean): JsonSchema {
  const out: JsonSchema = { type: f.type, title: f.title };
  if (f.description) out.description = f.description;
  if (f.enum) out.enum = f.enum;
  if (f.format) out.format = f.format;
  if (f.maxLength !== undefined) out.maxLength = f.maxLength;
  if (f.minimum !== undefined) out.minimum = f.minimum;
  if (f.maximum !== undefined) out.maximum = f.maximum;
  // A required text field must not be left blank.
  if (required && f.type === 'string' && !f.enum) out.minLength = 1;
  return out;
}

/** The item's form schema for a content object (convenience for callers holding the whole item). */
export const formSchemaOf = (content: Pick<ItemContent, 'form'>, answers: Record<string, readonly string[]>) => effectiveFormSchema(content.form, answers);
