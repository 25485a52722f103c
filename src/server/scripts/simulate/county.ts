import type { Kysely } from 'kysely';
import type { Database, StaffRole, UserKind } from '../../db/schema.js';
import type { ItemContent } from '../../../core/catalogue/types.js';
import type { Actor } from '../../policies/index.js';
import { completeIdNumber } from '../../../core/codes/id-number.js';
import { completeCreditCode } from '../../../core/codes/credit-code.js';
import { ITEM_VOLUMES, type Dice, type SimItem } from '../../../core/simulation/index.js';
import { owableMaterialIds } from '../../../core/cases/machine.js';
import { caseItemOf } from '../../cases/service.js';
import { newCaseSnapshot } from '../../../core/cases/types.js';
import { hashPassword } from '../../identity/passwords.js';
import { sealUser } from '../../crypto/personal-data.js';

/**
 * The county the simulation plays in: the demo county's published county-level items, the people who
 * work them (the demo's staff, plus a 承办/审核/签批 trio for each department the demo leaves unstaffed),
 * and a pool of applicants registered as the window registers them. Set-up only: no case is made here.
 */

export type BackOfficeRole = 'approver_handle' | 'approver_review' | 'approver_signoff';
const BACK_OFFICE: readonly BackOfficeRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

export interface CountyItem {
  implId: string;
  orgId: string;
  content: ItemContent;
  sim: SimItem;
}

export interface Applicant {
  actor: Actor;
  kind: 'natural_person' | 'legal_person';
}

export interface County {
  regionCode: string;
  regionName: string;
  items: CountyItem[];
  /** One person per back-office role of each department (职责分离: different people per step). */
  staff: Map<string, Record<BackOfficeRole, Actor>>;
  clerks: Actor[];
  hallAdmin: Actor;
  supervisor: Actor;
  applicants: Applicant[];
}

/** An actor as the session would carry it (roles with their scope paths). */
export async function actorOf(db: Kysely<Database>, userId: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'org_id']).where('id', '=', userId).executeTakeFirstOrThrow();
  const roles = await db.selectFrom('staff_roles as r').innerJoin('orgs as o', 'o.id', 'r.scope_org_id').select(['r.role', 'r.scope_org_id', 'o.path']).where('r.user_id', '=', u.id).execute();
  return { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: u.org_id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id, scopePath: r.path })) };
}

async function actorByUsername(db: Kysely<Database>, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (!u) throw new Error(`simulate: the demo account ${username} is missing (is the database seeded?)`);
  return actorOf(db, u.id);
}

async function countyItems(db: Kysely<Database>): Promise<CountyItem[]> {
  const rows = await db
    .selectFrom('item_impls as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.id', 'i.org_id', 'v.content'])
    .where('i.level', '=', 'county')
    .orderBy('i.impl_code')
    .execute();
  return rows.map((r) => {
    const content = r.content as unknown as ItemContent;
    const item = caseItemOf(content);
    return {
      implId: r.id,
      orgId: r.org_id,
      content,
      sim: {
        key: content.mainName,
        weight: ITEM_VOLUMES[content.mainName] ?? 0.5,
        forms: content.handlingForms,
        caseKind: content.caseKind,
        promisedLimitDays: content.promisedLimitDays,
        legalLimitDays: content.legalLimitDays,
        steps: item.steps.length,
        hasSpecialProcedure: content.specialProcedures.length > 0,
        owable: owableMaterialIds(newCaseSnapshot(item, false, [])).length > 0,
      },
    };
  });
}

/** Picks, per department, a different person for each back-office role, adding one where the demo has none. */
async function departmentStaff(db: Kysely<Database>, orgIds: string[], passwordHash: string): Promise<Map<string, Record<BackOfficeRole, Actor>>> {
  const out = new Map<string, Record<BackOfficeRole, Actor>>();
  for (const orgId of orgIds) {
    const org = await db.selectFrom('orgs').select(['key', 'short_name']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const grants = await db.selectFrom('staff_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select(['r.user_id', 'r.role', 'u.username']).where('r.scope_org_id', '=', orgId).where('r.role', 'in', [...BACK_OFFICE]).orderBy('u.username').execute();
    const chosen = new Set<string>();
    const team = {} as Record<BackOfficeRole, Actor>;
    for (const role of BACK_OFFICE) {
      let userId = grants.find((g) => g.role === role && !chosen.has(g.user_id))?.user_id;
      if (!userId) {
        const u = await db
          .insertInto('users')
          .values({ kind: 'staff', username: `sim_${org.key ?? orgId.slice(0, 8)}_${role.replace('approver_', '')}`, display_name: `${org.short_name}${{ approver_handle: '承办', approver_review: '审核', approver_signoff: '签批' }[role]}（模拟）`, password_hash: passwordHash, org_id: orgId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('staff_roles').values({ user_id: u.id, role: role as StaffRole, scope_org_id: orgId }).execute();
        userId = u.id;
      }
      chosen.add(userId);
      team[role] = await actorOf(db, userId);
    }
    out.set(orgId, team);
  }
  return out;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅文辉鹏飞玲燕宇浩凯婷雪琳晨欣怡子涵一诺'];
export const MAX_APPLICANTS = 999;
const TRADES = ['竹木制品', '白茶', '文旅', '农业科技', '家具', '物流', '餐饮管理', '建材', '电子商务', '民宿'];

/** A birth date (YYYYMMDD) between 1950 and 2005. */
function birthDate(dice: Dice): string {
  return new Date(Date.UTC(1950, 0, 1) + dice.int(0, 55 * 365) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A pool of applicants registered as the window's 查找或登记 does it (sealed personal data, no password
 * until they claim the account online): people and companies of the county.
 */
async function applicantPool(db: Kysely<Database>, size: number, dice: Dice, passwordHash: string): Promise<Applicant[]> {
  // The sequence digits n (< 1000) keep the pool's ID numbers distinct whatever the birth dates.
  if (size > MAX_APPLICANTS) throw new Error(`simulate: at most ${MAX_APPLICANTS} applicants`);
  const out: Applicant[] = [];
  for (let n = 0; n < size; n++) {
    const seq = String(n).padStart(5, '0');
    const common = { username: `sim_a${seq}`, password_hash: passwordHash, password_set_at: null };
    let u: { id: string; display_name: string; kind: UserKind } | undefined;
    if (n % 6 === 5) {
      u = await db
        .insertInto('users')
        .values({ ...common, kind: 'legal_person', display_name: `安吉${dice.pick(SURNAMES)}氏${dice.pick(TRADES)}有限公司`, credit_code: completeCreditCode(`91330523MA2T${seq}`), ...sealUser({ legal_representative: `${dice.pick(SURNAMES)}${dice.pick(GIVEN)}`, phone: `139${String(10_000_000 + n).slice(-8)}` }) })
        .returning(['id', 'display_name', 'kind'])
        .executeTakeFirstOrThrow();
    }
    // A person whose ID number is taken already (a demo account) is drawn again.
    for (let attempt = 0; !u && attempt < 10; attempt++) {
      const values = { ...common, kind: 'natural_person' as const, display_name: `${dice.pick(SURNAMES)}${dice.pick(GIVEN)}${dice.chance(0.5) ? dice.pick(GIVEN) : ''}`, ...sealUser({ id_number: completeIdNumber(`330523${birthDate(dice)}${seq.slice(-3)}`), phone: `138${String(10_000_000 + n).slice(-8)}` }) };
      u = await db.insertInto('users').values(values).onConflict((oc) => oc.column('id_number_bidx').doNothing()).returning(['id', 'display_name', 'kind']).executeTakeFirst();
    }
    if (!u || u.kind === 'staff') throw new Error('simulate: could not register an applicant');
    out.push({ actor: { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: null, roles: [] }, kind: u.kind });
  }
  return out;
}

/** Sets the county up in a seeded, case-free database. */
export async function prepareCounty(db: Kysely<Database>, opts: { applicants: number; dice: Dice }): Promise<County> {
  const gov = await db.selectFrom('orgs as o').innerJoin('regions as r', 'r.code', 'o.region_code').select(['o.region_code', 'r.name']).where('o.key', '=', 'county-gov').executeTakeFirst();
  if (!gov) throw new Error('simulate: the demo county is missing (is the database seeded?)');
  const items = await countyItems(db);
  // Nobody logs in as these people: one unusable password for all of them.
  const passwordHash = await hashPassword(`sim-${opts.dice.float()}-${Date.now()}`);
  const staff = await departmentStaff(db, [...new Set(items.map((i) => i.orgId))], passwordHash);
  return {
    regionCode: gov.region_code,
    regionName: gov.name,
    items,
    staff,
    clerks: [await actorByUsername(db, 'clerk'), await actorByUsername(db, 'clerk2')],
    hallAdmin: await actorByUsername(db, 'halladmin'),
    supervisor: await actorByUsername(db, 'supervisor'),
    applicants: await applicantPool(db, opts.applicants, opts.dice, passwordHash),
  };
}
