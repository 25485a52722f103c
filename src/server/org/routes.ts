import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import { presentUser } from '../identity/presenters.js';
import { hashPassword, passwordProblems } from '../identity/passwords.js';
import type { StaffRole } from '../db/schema.js';
import * as repo from './repository.js';

const Uuid = Type.String({ format: 'uuid' });
const STAFF_ROLES = ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'catalogue_admin', 'hall_admin', 'supervisor', 'system_admin'] as const;

export function orgRoutes(app: App, _deps: CapabilityDeps): void {
  app.get('/api/regions', { schema: { tags: ['organisation'], summary: '行政区划 Region tree (GB/T 2260)' }, config: { permission: 'public' } }, async () => {
    const rows = await repo.listRegions(app.db);
    return { regions: rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })) };
  });

  // Government bodies, departments and halls are public information (机构信息公开).
  app.get('/api/orgs', { schema: { tags: ['organisation'], summary: '机构 Governments, departments and halls' }, config: { permission: 'public' } }, async () => {
    const rows = await repo.listOrgs(app.db);
    return {
      orgs: rows.map((o) => ({ id: o.id, kind: o.kind, name: o.name, shortName: o.short_name, regionCode: o.region_code, parentId: o.parent_id, creditCode: o.credit_code })),
    };
  });

  app.get(
    '/api/windows',
    { schema: { tags: ['organisation'], summary: '窗口 Windows of the service halls', querystring: Type.Object({ hallId: Type.Optional(Uuid) }) }, config: { permission: 'public' } },
    async (req) => {
      const rows = await repo.listWindows(app.db, req.query.hallId);
      return { windows: rows.map((w) => ({ id: w.id, hallId: w.hall_id, number: w.number, name: w.name, category: w.category, comprehensive: w.comprehensive })) };
    },
  );

  app.get('/api/staff', { schema: { tags: ['organisation'], summary: '工作人员 Staff within the caller’s scope' }, config: { permission: 'staff' } }, async (req) => {
    authorize(req.actor, 'staff.read');
    const rows = await repo.listStaffInScopes(app.db, scopePaths(req.actor, ['system_admin', 'hall_admin', 'supervisor']));
    const roles = await repo.rolesOf(app.db, rows.map((r) => r.id));
    return {
      staff: rows.map((r) => ({
        ...presentUser(r, { full: false }),
        orgName: r.org_name,
        roles: roles.filter((x) => x.user_id === r.id).map((x) => ({ role: x.role, scopeOrgId: x.scope_org_id })),
      })),
    };
  });

  app.get(
    '/api/staff/:id',
    { schema: { tags: ['organisation'], summary: '工作人员详情 One staff member', params: Type.Object({ id: Uuid }) }, config: { permission: 'staff' } },
    async (req) => {
      const row = await repo.findStaffWithOrg(app.db, req.params.id);
      if (!row) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'staff.read', { orgPath: row.org_path });
      const roles = await repo.rolesOf(app.db, [row.id]);
      return { ...presentUser(row, { full: false }), orgName: row.org_name, roles: roles.map((x) => ({ role: x.role, scopeOrgId: x.scope_org_id })) };
    },
  );

  app.post(
    '/api/staff',
    {
      schema: {
        tags: ['organisation'],
        summary: '新增工作人员 Create a staff account',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: Type.String({ minLength: 8, maxLength: 64 }),
            orgId: Uuid,
            phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })),
            roles: Type.Array(Type.Object({ role: Type.Union(STAFF_ROLES.map((r) => Type.Literal(r))), scopeOrgId: Uuid }), { minItems: 1, maxItems: 8 }),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const body = req.body;
      const org = await repo.findOrg(app.db, body.orgId);
      if (!org) throw new DomainError('NOT_FOUND', { zh: '所属机构不存在', en: 'The organisation does not exist' });
      authorize(req.actor, 'staff.manage', { orgPath: org.path });
      for (const r of body.roles) {
        const scope = await repo.findOrg(app.db, r.scopeOrgId);
        if (!scope) throw new DomainError('NOT_FOUND', { zh: '授权范围机构不存在', en: 'The scope organisation does not exist' });
        // A granted scope must itself lie within the creator's scope.
        authorize(req.actor, 'staff.manage', { orgPath: scope.path });
      }
      const pw = passwordProblems(body.password);
      if (pw) throw new DomainError('VALIDATION_FAILED', pw);
      const exists = await app.db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
      if (exists) throw new DomainError('CONFLICT', { zh: '该用户名已被使用', en: 'This username is taken' });
      const password_hash = await hashPassword(body.password);
      const user = await app.db.transaction().execute(async (tx) => {
        const u = await tx
          .insertInto('users')
          .values({ kind: 'staff', username: body.username, display_name: body.displayName, password_hash, org_id: org.id, phone: body.phone ?? null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('staff_roles')
          .values(body.roles.map((r) => ({ user_id: u.id, role: r.role as StaffRole, scope_org_id: r.scopeOrgId })))
          .execute();
        return u;
      });
      reply.status(201);
      return { ...presentUser(user, { full: false }), orgName: org.name, roles: body.roles };
    },
  );

  app.patch(
    '/api/staff/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: '停用/启用工作人员 Disable or enable a staff account',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const row = await repo.findStaffWithOrg(app.db, req.params.id);
      if (!row) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'staff.manage', { orgPath: row.org_path });
      await app.db.updateTable('users').set({ disabled: req.body.disabled }).where('id', '=', row.id).execute();
      if (req.body.disabled) await app.db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      return { id: row.id, disabled: req.body.disabled };
    },
  );
}
