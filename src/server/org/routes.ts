import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize, POLICY } from '../policies/index.js';
import { canSetDisabled, coversAccount, type StaffTarget } from '../policies/staff.js';
import { scopePaths } from '../policies/actor.js';
import { presentUser } from '../identity/presenters.js';
import type { StaffRole } from '../db/schema.js';
import type { Actor } from '../policies/actor.js';
import { STAFF_ROLES } from '../../core/access/grants.js';
import * as repo from './repository.js';
import * as staff from './staff-service.js';
import * as orgEditing from './org-service.js';

const Uuid = Type.String({ format: 'uuid' });

export function orgRoutes(app: App, _deps: CapabilityDeps): void {
  orgEditingRoutes(app);

  app.get('/api/regions', { schema: { tags: ['organisation'], summary: '行政区划 Region tree (GB/T 2260)' }, config: { permission: 'public' } }, async () => {
    const rows = await repo.listRegions(app.db);
    return { regions: rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })) };
  });

  // Government bodies, departments and halls are public information (机构信息公开).
  app.get('/api/orgs', { schema: { tags: ['organisation'], summary: '机构 Governments, departments and halls' }, config: { permission: 'public' } }, async () => {
    const rows = await repo.listOrgs(app.db);
    return {
      orgs: rows.map((o) => ({ id: o.id, kind: o.kind, name: o.name, nameEn: o.name_en, shortName: o.short_name, regionCode: o.region_code, parentId: o.parent_id, creditCode: o.credit_code })),
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

  /** One staff row with its grants and what the caller may do to it (the UI shows only those actions). */
  const presentStaff = (actor: Actor, r: Awaited<ReturnType<typeof repo.findStaffWithOrg>> & object, grants: Awaited<ReturnType<typeof repo.rolesOf>>) => {
    const target: StaffTarget = { userId: r.id, orgPath: r.org_path, grants: grants.map((g) => ({ role: g.role, scopePath: g.scope_path })) };
    return {
      ...presentUser(r, { full: false }),
      orgName: r.org_name,
      orgId: r.org_id,
      windowId: r.window_id,
      roles: grants.map((x) => ({ role: x.role, scopeOrgId: x.scope_org_id })),
      abilities: { setDisabled: canSetDisabled(actor, target), changeRoles: coversAccount(actor, 'grant', target) },
    };
  };

  app.get('/api/staff', { schema: { tags: ['organisation'], summary: '工作人员 Staff within the caller’s scope' }, config: { permission: 'staff' } }, async (req) => {
    authorize(req.actor, 'staff.read');
    const actor = requireActor(req.actor);
    const rows = await repo.listStaffInScopes(app.db, scopePaths(actor, POLICY['staff.read'].roles));
    const grants = await repo.rolesOf(app.db, rows.map((r) => r.id));
    return { staff: rows.map((r) => presentStaff(actor, r, grants.filter((g) => g.user_id === r.id))) };
  });

  app.get(
    '/api/staff/:id',
    { schema: { tags: ['organisation'], summary: '工作人员详情 One staff member', params: Type.Object({ id: Uuid }) }, config: { permission: 'staff' } },
    async (req) => {
      const row = await repo.findStaffWithOrg(app.db, req.params.id);
      if (!row) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'staff.read', { orgPath: row.org_path });
      return presentStaff(requireActor(req.actor), row, await repo.rolesOf(app.db, [row.id]));
    },
  );

  const Grant = Type.Object(
    { role: Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)), { title: '角色 Role' }), scopeOrgId: Type.String({ format: 'uuid', title: '授权范围 Scope' }) },
    { additionalProperties: false },
  );
  const presentGrants = (roles: readonly { role: StaffRole; scopeOrgId: string }[]) => roles.map((r) => ({ role: r.role, scopeOrgId: r.scopeOrgId }));

  app.post(
    '/api/staff',
    {
      schema: {
        tags: ['organisation'],
        summary: '新增工作人员 Create a staff account',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{3,31}$', title: '用户名 Username' }),
            displayName: Type.String({ minLength: 1, maxLength: 50, title: '姓名 Name' }),
            password: Type.String({ minLength: 8, maxLength: 64, title: '初始密码 Initial password' }),
            orgId: Type.String({ format: 'uuid', title: '所属机构 Organisation' }),
            phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$', title: '手机号码 Mobile phone' })),
            roles: Type.Optional(Type.Array(Grant, { maxItems: 8, title: '角色 Roles' })),
          },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const b = req.body;
      const r = await staff.createStaff(app.db, actor, { username: b.username, displayName: b.displayName, password: b.password, orgId: b.orgId, phone: b.phone, roles: b.roles ?? [] }, req.ip);
      reply.status(201);
      return { ...presentUser(r.user, { full: false }), orgName: r.org.name, roles: presentGrants(r.roles) };
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
    async (req) => staff.setDisabled(app.db, requireActor(req.actor), req.params.id, req.body.disabled, req.ip),
  );

  app.put(
    '/api/staff/:id/roles',
    {
      schema: {
        tags: ['organisation'],
        summary: '调整角色授权 Replace a staff member’s roles and scopes',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ roles: Type.Array(Grant, { maxItems: 8 }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const r = await staff.changeGrants(app.db, requireActor(req.actor), req.params.id, req.body.roles, req.ip);
      return { id: r.id, roles: presentGrants(r.roles) };
    },
  );
}


/** Organisation editing (机构与窗口, ADR 0014): orgs, windows, clerks at windows. */
const CreditCodeField = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', title: '统一社会信用代码 Unified social credit code' });
const OrgPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, title: '机构名称 Name' })),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 50, title: '简称 Short name' })),
    creditCode: Type.Optional(Type.Union([CreditCodeField, Type.Null()], { title: '统一社会信用代码 Unified social credit code' })),
    nameEn: Type.Optional(Type.Union([Type.String({ maxLength: 200, title: '英文名称 English name' }), Type.Null()], { title: '英文名称 English name' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const WindowFields = {
  number: Type.String({ minLength: 1, maxLength: 10, pattern: '^[A-Za-z0-9-]+$', title: '窗口号 Window number', description: 'Letters, digits and -' }),
  name: Type.String({ minLength: 1, maxLength: 50, title: '窗口名称 Window name' }),
  category: Type.String({ minLength: 1, maxLength: 30, title: '窗口类别 Category' }),
  comprehensive: Type.Boolean({ title: '综合窗口 Comprehensive window' }),
};

export function orgEditingRoutes(app: App): void {
  app.patch(
    '/api/orgs/:id',
    { schema: { tags: ['organisation'], summary: '修改机构 Edit an organisation (system administrator, within scope)', params: Type.Object({ id: Uuid }), body: OrgPatchBody }, config: { permission: 'staff' } },
    async (req) => {
      const o = await orgEditing.updateOrg(app.db, requireActor(req.actor), req.params.id, req.body, req.ip);
      return { id: o.id, kind: o.kind, name: o.name, nameEn: o.name_en, shortName: o.short_name, regionCode: o.region_code, parentId: o.parent_id, creditCode: o.credit_code };
    },
  );

  const presentWindow = (w: { id: string; hall_id: string; number: string; name: string; category: string; comprehensive: boolean }) => ({ id: w.id, hallId: w.hall_id, number: w.number, name: w.name, category: w.category, comprehensive: w.comprehensive });

  app.post(
    '/api/windows',
    {
      schema: { tags: ['organisation'], summary: '新增窗口 Add a window to a hall', body: Type.Object({ hallId: Type.String({ format: 'uuid', title: '大厅 Service hall' }), ...WindowFields }, { additionalProperties: false }) },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const { hallId, ...input } = req.body;
      const w = await orgEditing.createWindow(app.db, requireActor(req.actor), hallId, input, req.ip);
      reply.status(201);
      return presentWindow(w);
    },
  );

  app.patch(
    '/api/windows/:id',
    {
      schema: {
        tags: ['organisation'],
        summary: '修改窗口 Edit a window',
        params: Type.Object({ id: Uuid }),
        body: Type.Partial(Type.Object(WindowFields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 }),
      },
      config: { permission: 'staff' },
    },
    async (req) => presentWindow(await orgEditing.updateWindow(app.db, requireActor(req.actor), req.params.id, req.body, req.ip)),
  );

  app.put(
    '/api/staff/:id/window',
    {
      schema: {
        tags: ['organisation'],
        summary: '分配窗口 Put a window clerk at a window of their hall (null: none)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ windowId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { title: '窗口 Window' }) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => orgEditing.assignClerk(app.db, requireActor(req.actor), req.params.id, req.body.windowId, req.ip),
  );
}

function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  return actor;
}
