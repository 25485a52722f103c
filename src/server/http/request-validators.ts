import Ajv, { type AnySchema, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

/**
 * Options of both validators: every error reported (bilingual messages name each field, ADR 0014),
 * nothing removed silently, type lists allowed (form values, cases/schemas.ts). The rest is Fastify's
 * own baseline (@fastify/ajv-compiler): defaults filled in, schemas compiled on a route not kept.
 */
const SHARED: Options = { allErrors: true, removeAdditional: false, allowUnionTypes: true, useDefaults: true, addUsedSchema: false };

/**
 * Querystring, params and headers arrive as text, so their schemas coerce ("5" → 5, a lone value → a
 * one-item list); a JSON body already carries its types and is validated as sent (ADR 0050): "8" is
 * not an integer, true is not a string, null is not 0.
 */
const COERCION = { text: 'array', body: false } as const;

function ajvFor(coerceTypes: Options['coerceTypes'], externalSchemas: Record<string, AnySchema | AnySchema[]>): Ajv {
  const ajv = new Ajv({ ...SHARED, coerceTypes });
  addFormats(ajv);
  // Shared schemas (app.addSchema) resolve by $ref in both validators.
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema);
  return ajv;
}

/**
 * Fastify's validator factory (the `schemaController.compilersFactory.buildValidator` server option):
 * called with the encapsulation context's shared schemas, it picks the validator by the part of the
 * request a schema is for.
 */
export function buildRequestValidator(externalSchemas: Record<string, AnySchema | AnySchema[]>): FastifySchemaCompiler<AnySchema> {
  const body = ajvFor(COERCION.body, externalSchemas);
  const text = ajvFor(COERCION.text, externalSchemas);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? body : text;
    // As Fastify's own compiler does: a schema with an $id is compiled once per Ajv instance.
    const id = typeof schema === 'object' && typeof schema.$id === 'string' ? schema.$id : undefined;
    return (id ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
  };
}

/**
 * The factory as the server option is typed: Fastify types the slot with @fastify/ajv-compiler's
 * declaration, whose compiler takes a bare schema, while Fastify calls it with the route definition
 * ({ schema, method, url, httpPart }, FastifySchemaCompiler) as documented.
 */
export const requestValidatorFactory = buildRequestValidator as unknown as ValidatorFactory;
