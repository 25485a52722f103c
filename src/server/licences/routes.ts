import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { loadVisibleCase } from '../cases/routes.js';
import { publicKeyPem } from './sm2.js';
import { publishedKey, rotateSigningKey } from './keys.js';
import * as repo from './repository.js';
import { licenceUsesOfCase } from './exemption.js';
import { queryData } from '../data-sharing/service.js';
import { configuredProviders } from '../data-sharing/registry.js';
import { licencePdfForHolder } from './document.js';
import { licenceTypeRoutes } from './type-routes.js';
import { checkedIdentifier, myLicences, ownLicence, presentOwnLicence, renewLicence, revokeLicence, validLicencesOfHolder, verifyPublicly } from './service.js';

const IdentifierParams = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 120 }) });
const KeyParams = Type.Object({ keyId: Type.String({ pattern: '^SM2-[0-9A-F]{16}$' }) });
const Reason = Type.String({ minLength: 2, maxLength: 500 });

/** 电子证照 routes (issue 11, ADR 0021): public verification and keys, the wallet, and the issuing department's commands. */
export function licenceRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/public/licences/:identifier',
    { schema: { tags: ['licences'], summary: '电子证照核验 Verify a licence: public data (personal data masked), status, signature and signer key', params: IdentifierParams }, config: { permission: 'public' } },
    async (req) => verifyPublicly(app.db, req.params.identifier, deps.now()),
  );

  app.get(
    '/api/public/signing-keys/:keyId',
    { schema: { tags: ['licences'], summary: '签名公钥 A department signing key as PEM (SubjectPublicKeyInfo); validity in the X-Key-* headers', params: KeyParams }, config: { permission: 'public' } },
    async (req, reply) => {
      const k = await publishedKey(app.db, req.params.keyId);
      reply.header('x-key-owner', encodeURIComponent(k.orgName));
      reply.header('x-key-owner-credit-code', k.orgCreditCode ?? '');
      reply.header('x-key-valid-from', k.validFrom.toISOString());
      if (k.retiredAt) reply.header('x-key-retired-at', k.retiredAt.toISOString());
      reply.type('application/x-pem-file');
      return publicKeyPem(k.publicKey);
    },
  );

  app.get('/api/licence-types', { schema: { tags: ['licences'], summary: '证照类型 Licence types in the catalogue' }, config: { permission: 'public' } }, async () => ({ types: await repo.allTypes(app.db) }));
  licenceTypeRoutes(app, deps);

  app.get('/api/me/licences', { schema: { tags: ['licences'], summary: '我的证照 The caller’s licences (full data)' }, config: { permission: 'applicant' } }, async (req) => ({
    licences: await myLicences(app.db, req.actor, deps.now()),
  }));

  app.get(
    '/api/me/licences/:identifier',
    { schema: { tags: ['licences'], summary: '我的证照详情 One of the caller’s licences', params: IdentifierParams }, config: { permission: 'applicant' } },
    async (req) => {
      const { row, type } = await ownLicence(app.db, req.actor, req.params.identifier);
      return presentOwnLicence(row, type, isoDateInChina(deps.now()));
    },
  );

  app.get(
    '/api/me/licences/:identifier/pdf',
    { schema: { tags: ['licences'], summary: '证照文件 The caller’s licence as a PDF with the issuing department’s electronic seal (电子印章)', params: IdentifierParams }, config: { permission: 'applicant' } },
    async (req, reply) => {
      const doc = await licencePdfForHolder(app.db, req.actor, req.params.identifier, `${req.protocol}://${req.host}`, deps.now());
      reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${doc.filename}"`).header('x-document-sm3', doc.sha).header('x-document-seal', doc.sealId);
      return reply.send(doc.pdf);
    },
  );

  app.get(
    '/api/cases/:id/licences',
    {
      schema: {
        tags: ['licences'],
        summary: '申请人有效证照 The valid licences of a case’s applicant, for the staff working on that case: a query of the 电子证照库 data source (policy-checked, logged in 数据使用记录)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '用途 (default licensing_review 行政许可审查)' })) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      // A data query (ADR 0030): only staff acting in the live case, for a purpose the licence store serves; each look-up is logged.
      const read = await queryData(app.db, { now: deps.now, providers: configuredProviders(deps.config) }, req.actor, { caseId: req.params.id, purpose: req.query.purpose ?? 'licensing_review', source: 'licences', fields: ['validLicences'] });
      const c = await loadVisibleCase(app.db, req.actor, req.params.id);
      const returned = new Set(((read.items[0]?.value ?? []) as readonly Record<string, string | number>[]).map((l) => String(l.identifier)));
      return { queryId: read.queryId, licences: (await validLicencesOfHolder(app.db, c.applicant_id, deps.now())).filter((l) => returned.has(l.identifier)) };
    },
  );

  app.get(
    '/api/cases/:id/licence-uses',
    { schema: { tags: ['licences'], summary: '免证办 The licences a case used in place of materials, each verified now', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) }, config: { permission: 'authenticated' } },
    async (req) => {
      const c = await loadVisibleCase(app.db, req.actor, req.params.id);
      return { uses: await licenceUsesOfCase(app.db, c.id, deps.now()) };
    },
  );

  app.post(
    '/api/licences/:identifier/revoke',
    { schema: { tags: ['licences'], summary: '注销证照 The issuing department revokes a licence, with a reason', params: IdentifierParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => {
      const row = await revokeLicence(app.db, req.actor, deps.now(), checkedIdentifier(req.params.identifier), req.body.reason);
      return verifyPublicly(app.db, row.identifier, deps.now());
    },
  );

  app.post(
    '/api/licences/:identifier/renew',
    {
      schema: {
        tags: ['licences'],
        summary: '换发或变更证照 The issuing department issues a new version (renewal: new validity; change: changed fields); the old one is superseded',
        params: IdentifierParams,
        body: Type.Object({ kind: Type.Union([Type.Literal('renew'), Type.Literal('change')]), reason: Reason, changes: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,39}$' }), Type.String({ maxLength: 500 }), { maxProperties: 30 })) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const row = await renewLicence(app.db, req.actor, deps.now(), checkedIdentifier(req.params.identifier), { kind: req.body.kind, reason: req.body.reason, ...(req.body.changes ? { changes: req.body.changes } : {}) });
      reply.status(201);
      return verifyPublicly(app.db, row.identifier, deps.now());
    },
  );

  app.post(
    '/api/admin/signing-keys/rotate',
    { schema: { tags: ['licences'], summary: '轮换签名密钥 Rotate a department’s signing key (old licences keep verifying with the retired key)', body: Type.Object({ orgId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => {
      const actor = req.actor as Actor;
      const org = await repo.orgOf(app.db, req.body.orgId);
      if (!org) throw new DomainError('NOT_FOUND', { zh: '部门不存在', en: 'No such department' });
      authorize(actor, 'signing_key.rotate', { orgPath: org.path });
      const r = await rotateSigningKey(app.db, org.id, deps.now(), { userId: actor.userId, username: actor.displayName });
      return { keyId: r.current, retiredKeyId: r.retired };
    },
  );
}
