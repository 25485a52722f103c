import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { agencyCases, agencyReuse, listAgents, myAgencies, registerAgent, revokeAgent } from './service.js';

const Uuid = Type.String({ format: 'uuid' });
const Scope = Type.Union([
  Type.Object({ kind: Type.Literal('all', { title: '全部事项 Every service' }) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('listed', { title: '指定事项或类别 Listed services or categories' }),
      implIds: Type.Array(Uuid, { maxItems: 200, description: '实施清单 ids of the services' }),
      categories: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 50, description: '窗口类别, e.g. 市场准入' }),
    },
    { additionalProperties: false },
  ),
]);

/** 经办人 (ADR 0037): the enterprise's agents (/api/me/agents) and the agent's enterprises (/api/me/agencies). */
export function agentRoutes(app: App, deps: CapabilityDeps): void {
  app.get('/api/me/agents', { schema: { tags: ['agents'], summary: '经办人 The enterprise’s registered agents' }, config: { permission: 'applicant' } }, async (req) => ({
    agents: await listAgents(app.db, req.actor as Actor, deps.now()),
  }));

  app.post(
    '/api/me/agents',
    {
      schema: {
        tags: ['agents'],
        summary: '登记经办人 Register an agent (a natural-person account, by ID number and name) with a scope and a last day',
        body: Type.Object(
          {
            idNumber: Type.String({ pattern: '^\\d{17}[\\dXx]$', title: '身份证号码 ID number' }),
            name: Type.String({ minLength: 1, maxLength: 50, title: '姓名 Name' }),
            scope: Scope,
            validUntil: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: '授权截止日期 Last day (inclusive)' }),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'applicant' },
    },
    async (req, reply) => {
      const made = await registerAgent(app.db, req.actor as Actor, req.body, deps.now());
      reply.status(201);
      return made;
    },
  );

  app.post(
    '/api/me/agents/:id/revoke',
    { schema: { tags: ['agents'], summary: '撤销经办人 Revoke an agent at once', params: Type.Object({ id: Uuid }) }, config: { permission: 'applicant' } },
    async (req) => revokeAgent(app.db, req.actor as Actor, req.params.id, deps.now()),
  );

  app.get('/api/me/agencies', { schema: { tags: ['agents'], summary: '我代办的企业 The enterprises the caller is an agent of' }, config: { permission: 'applicant' } }, async (req) => ({
    enterprises: myAgencies(req.actor as Actor, deps.now()),
  }));

  app.get(
    '/api/me/agencies/:enterpriseId/cases',
    { schema: { tags: ['agents'], summary: '企业办件 The enterprise’s cases within the agent’s scope', params: Type.Object({ enterpriseId: Uuid }) }, config: { permission: 'applicant' } },
    async (req) => ({ cases: await agencyCases(app.db, req.actor as Actor, req.params.enterpriseId, deps.now()) }),
  );

  app.get(
    '/api/me/agencies/:enterpriseId/reuse',
    {
      schema: { tags: ['agents'], summary: '代企业申请的复用资料 The enterprise’s profile, 我的材料 and licences, for its agent filing for it (grant in force)', params: Type.Object({ enterpriseId: Uuid }) },
      config: { permission: 'applicant' },
    },
    async (req) => agencyReuse(app.db, req.actor as Actor, req.params.enterpriseId, deps.now()),
  );
}
