import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { applyTypeChange, listTypeChanges, proposeTypeChange, rejectTypeChange } from './type-admin.js';

const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Key = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,39}$' });

/** The shape of a 证照类型 (src/core/licences/types.ts); the meaning is checked by src/core/licences/type-rules.ts. */
const FieldSource = Type.Union([
  Type.Object({ from: Type.Literal('form'), keys: Type.Array(Key, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('holder'), key: Type.Union([Type.Literal('name'), Type.Literal('idNumber'), Type.Literal('creditCode'), Type.Literal('legalRepresentative')]) }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('case'), key: Type.Union([Type.Literal('resultNo'), Type.Literal('decisionReason'), Type.Literal('caseNo')]) }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('fixed'), value: Text(200) }, { additionalProperties: false }),
]);
export const LicenceTypeSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Z]{1,32}$', description: '证照类型代码 ({type code} of the identifier)' }),
    name: Text(60),
    nameEn: Text(120),
    issuerKind: Text(60, 1),
    fields: Type.Array(Type.Object({ key: Key, label: Text(40), labelEn: Text(80), source: FieldSource, personal: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { minItems: 1, maxItems: 30, description: '照面信息' }),
    validity: Type.Union([Type.Object({ kind: Type.Literal('years'), years: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }), Type.Object({ kind: Type.Literal('permanent') }, { additionalProperties: false })]),
    issuingBaseCodes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50, description: '颁证事项 (base codes)' }),
  },
  { additionalProperties: false },
);
const Proposal = Type.Object({ type: LicenceTypeSchema, reason: Text(500, 2) }, { additionalProperties: false });
const ChangeParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** 证照类型 in the catalogue (ADR 0039): propose (one catalogue administrator), apply or reject (another). */
export function licenceTypeRoutes(app: App, deps: CapabilityDeps): void {
  app.post(
    '/api/admin/licence-types',
    { schema: { tags: ['licences'], summary: '新增证照类型（提出） Propose a new licence type; a second catalogue administrator applies it', body: Proposal }, config: { permission: 'staff' } },
    async (req, reply) => {
      reply.status(201);
      return proposeTypeChange(app.db, req.actor, deps.now(), { type: req.body.type, reason: req.body.reason });
    },
  );

  app.put(
    '/api/admin/licence-types/:code',
    { schema: { tags: ['licences'], summary: '修改证照类型（提出） Propose a change of a licence type; a second catalogue administrator applies it', params: Type.Object({ code: Type.String({ pattern: '^[0-9A-Z]{1,32}$' }) }), body: Proposal }, config: { permission: 'staff' } },
    async (req, reply) => {
      reply.status(201);
      return proposeTypeChange(app.db, req.actor, deps.now(), { code: req.params.code, type: req.body.type, reason: req.body.reason });
    },
  );

  app.get('/api/admin/licence-type-changes', { schema: { tags: ['licences'], summary: '证照类型修改 Proposed licence type changes (open first) and the licences issued per type' }, config: { permission: 'staff' } }, async (req) => listTypeChanges(app.db, req.actor));

  app.post(
    '/api/admin/licence-type-changes/:id/apply',
    { schema: { tags: ['licences'], summary: '复核生效 Apply a proposed licence type change (四眼原则: not the proposer)', params: ChangeParams, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => applyTypeChange(app.db, req.actor, deps.now(), req.params.id, req.body.note),
  );

  app.post(
    '/api/admin/licence-type-changes/:id/reject',
    { schema: { tags: ['licences'], summary: '退回 Reject (or withdraw) a proposed licence type change', params: ChangeParams, body: Type.Object({ note: Text(500, 2) }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => rejectTypeChange(app.db, req.actor, deps.now(), req.params.id, req.body.note),
  );
}
