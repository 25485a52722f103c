import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/actor.js';
import { canEditOrganisation } from '../policies/org.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { recordAudit } from '../identity/audit.js';

/**
 * 机构与窗口 (issue 9, Organisation; ADR 0014): the system administrator edits the orgs and the halls'
 * windows within its scope and assigns window clerks to windows. Each change and its audit entry are
 * written in one transaction.
 */

function refuse(): never {
  throw new DomainError('FORBIDDEN', { zh: '无权修改该机构（超出管理范围）', en: 'This organisation is outside your scope' });
}

function invalid(field: string, zh: string, en: string): never {
  throw new DomainError('VALIDATION_FAILED', { zh, en }, [{ code: field, path: `body/${field}`, zh, en }]);
}

export interface OrgPatch {
  name?: string | undefined;
  shortName?: string | undefined;
  creditCode?: string | null | undefined;
  nameEn?: string | null | undefined;
}

export async function updateOrg(db: Kysely<Database>, actor: Actor, orgId: string, patch: OrgPatch, ip: string | null) {
  const org = await db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new DomainError('NOT_FOUND', { zh: '机构不存在', en: 'No such organisation' });
  if (!canEditOrganisation(actor, org.path)) refuse();
  const creditCode = patch.creditCode === undefined ? undefined : patch.creditCode === null || patch.creditCode.trim() === '' ? null : patch.creditCode.trim().toUpperCase();
  if (creditCode && !isValidCreditCode(creditCode)) invalid('creditCode', '统一社会信用代码不正确（校验位错误）', 'The unified social credit code is not valid (check character)');
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.shortName !== undefined ? { short_name: patch.shortName.trim() } : {}),
    ...(creditCode !== undefined ? { credit_code: creditCode } : {}),
    ...(patch.nameEn !== undefined ? { name_en: patch.nameEn === null || patch.nameEn.trim() === '' ? null : patch.nameEn.trim() } : {}),
  };
  if (changes.name === '') invalid('name', '名称不能为空', 'The name must not be empty');
  if (changes.short_name === '') invalid('shortName', '简称不能为空', 'The short name must not be empty');
  return db.transaction().execute(async (tx) => {
    const row = Object.keys(changes).length ? await tx.updateTable('orgs').set(changes).where('id', '=', orgId).returningAll().executeTakeFirstOrThrow() : org;
    const before = { name: org.name, shortName: org.short_name, creditCode: org.credit_code, nameEn: org.name_en };
    const after = { name: row.name, shortName: row.short_name, creditCode: row.credit_code, nameEn: row.name_en };
    await recordAudit(tx, { kind: 'org_updated', userId: actor.userId, ip, objectType: 'org', objectId: orgId, detail: { before, after } });
    return row;
  });
}

export interface WindowInput {
  number: string;
  name: string;
  category: string;
  comprehensive: boolean;
}

async function hallInScope(db: Kysely<Database>, actor: Actor, hallId: string) {
  const hall = await db.selectFrom('orgs').select(['id', 'kind', 'path']).where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw new DomainError('NOT_FOUND', { zh: '大厅不存在', en: 'No such service hall' });
  if (hall.kind !== 'hall') invalid('hallId', '窗口只能设在政务服务大厅', 'Windows belong to a service hall');
  if (!canEditOrganisation(actor, hall.path)) refuse();
  return hall;
}

const duplicateNumber = (err: unknown) => {
  if ((err as { code?: string }).code === '23505') {
    const zh = '该大厅已有相同窗口号';
    const en = 'This hall already has a window with that number';
    throw new DomainError('CONFLICT', { zh, en }, [{ code: 'number', path: 'body/number', zh, en }]);
  }
  throw err;
};

export async function createWindow(db: Kysely<Database>, actor: Actor, hallId: string, input: WindowInput, ip: string | null) {
  await hallInScope(db, actor, hallId);
  return db
    .transaction()
    .execute(async (tx) => {
      const row = await tx
        .insertInto('windows')
        .values({ hall_id: hallId, number: input.number.trim(), name: input.name.trim(), category: input.category.trim(), comprehensive: input.comprehensive })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, { kind: 'window_created', userId: actor.userId, ip, objectType: 'window', objectId: row.id, detail: { hallId, ...input } });
      return row;
    })
    .catch(duplicateNumber);
}

export async function updateWindow(db: Kysely<Database>, actor: Actor, windowId: string, input: Partial<WindowInput>, ip: string | null) {
  const win = await db.selectFrom('windows').selectAll().where('id', '=', windowId).executeTakeFirst();
  if (!win) throw new DomainError('NOT_FOUND', { zh: '窗口不存在', en: 'No such window' });
  await hallInScope(db, actor, win.hall_id);
  const changes = {
    ...(input.number !== undefined ? { number: input.number.trim() } : {}),
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.category !== undefined ? { category: input.category.trim() } : {}),
    ...(input.comprehensive !== undefined ? { comprehensive: input.comprehensive } : {}),
  };
  return db
    .transaction()
    .execute(async (tx) => {
      const row = Object.keys(changes).length ? await tx.updateTable('windows').set(changes).where('id', '=', windowId).returningAll().executeTakeFirstOrThrow() : win;
      await recordAudit(tx, {
        kind: 'window_updated',
        userId: actor.userId,
        ip,
        objectType: 'window',
        objectId: windowId,
        detail: { before: { number: win.number, name: win.name, category: win.category, comprehensive: win.comprehensive }, after: changes },
      });
      return row;
    })
    .catch(duplicateNumber);
}

/**
 * Puts a window clerk at a window (users.window_id), or takes them off (`windowId` null). The clerk must
 * hold the window_clerk role and work in the window's hall: a clerk of another hall cannot be assigned.
 */
export async function assignClerk(db: Kysely<Database>, actor: Actor, userId: string, windowId: string | null, ip: string | null) {
  const clerk = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.org_id', 'users.window_id', 'orgs.path as org_path'])
    .where('users.id', '=', userId)
    .where('users.kind', '=', 'staff')
    .executeTakeFirst();
  if (!clerk) throw new DomainError('NOT_FOUND', { zh: '工作人员不存在', en: 'No such staff member' });
  if (!canEditOrganisation(actor, clerk.org_path)) refuse();
  const isClerk = await db.selectFrom('staff_roles').select('role').where('user_id', '=', userId).where('role', '=', 'window_clerk').executeTakeFirst();
  if (!isClerk) invalid('userId', '只有窗口人员可以分配到窗口', 'Only window clerks can be assigned to a window');
  if (windowId !== null) {
    const win = await db.selectFrom('windows').select(['id', 'hall_id']).where('id', '=', windowId).executeTakeFirst();
    if (!win) throw new DomainError('NOT_FOUND', { zh: '窗口不存在', en: 'No such window' });
    await hallInScope(db, actor, win.hall_id);
    if (clerk.org_id !== win.hall_id) invalid('windowId', '该工作人员不属于此窗口所在的大厅', 'This clerk does not work in the hall of that window');
  }
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ window_id: windowId }).where('id', '=', userId).execute();
    await recordAudit(tx, { kind: 'window_clerk_assigned', userId: actor.userId, ip, objectType: 'user', objectId: userId, detail: { from: clerk.window_id, to: windowId } });
    return { id: userId, windowId };
  });
}
