import type { Kysely } from 'kysely';
import { orgNameEn } from './english-names.js';
import { seedDemoHall } from './hall.js';
import type { Database, StaffRole } from '../db/schema.js';
import { hashPassword } from '../identity/passwords.js';
import { completeIdNumber } from '../../core/codes/id-number.js';
import { completeCreditCode } from '../../core/codes/credit-code.js';
import { DEMO_DEPARTMENTS, DEMO_REGIONS, DEMO_WINDOW_CATEGORIES } from './org.js';
import { seedDemoCatalogue } from './seed-catalogue.js';
import { seedDemoBundles } from './bundles.js';
import { sealField } from '../crypto/personal-data.js';
import { sealTotpSecret } from '../crypto/second-factor-secrets.js';
import { DEMO_TOTP_SECRETS } from './totp-secrets.js';
import { seedDemoLicences } from './licences.js';

/** Every demo account's password (README lists the accounts). */
export const DEMO_PASSWORD = 'Tongban@2026';

export interface DemoStaff {
  username: string;
  displayName: string;
  orgKey: string;
  roles: { role: StaffRole; scopeKey: string }[];
  windowNumber?: string;
}

export const DEMO_STAFF: DemoStaff[] = [
  // 三权分立: accounts and configuration, roles and security settings, and the audit log in three hands.
  { username: 'admin', displayName: '系统管理员 王敏', orgKey: 'county-gov', roles: [{ role: 'system_admin', scopeKey: 'province-gov' }] },
  { username: 'secadmin', displayName: '安全管理员 林峰', orgKey: 'county-gov', roles: [{ role: 'security_admin', scopeKey: 'province-gov' }] },
  { username: 'auditor', displayName: '审计管理员 许岚', orgKey: 'county-gov', roles: [{ role: 'audit_admin', scopeKey: 'province-gov' }] },
  { username: 'catadmin', displayName: '事项管理员 李静', orgKey: 'county-gov', roles: [{ role: 'catalogue_admin', scopeKey: 'county-gov' }] },
  { username: 'provadmin', displayName: '省级事项管理员 周涛', orgKey: 'province-gov', roles: [{ role: 'catalogue_admin', scopeKey: 'province-gov' }] },
  { username: 'halladmin', displayName: '大厅管理员 陈晓', orgKey: 'county-hall', roles: [{ role: 'hall_admin', scopeKey: 'county-hall' }] },
  { username: 'clerk', displayName: '综合窗口 赵丽', orgKey: 'county-hall', windowNumber: 'A01', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] },
  { username: 'clerk2', displayName: '综合窗口 孙宁', orgKey: 'county-hall', windowNumber: 'C01', roles: [{ role: 'window_clerk', scopeKey: 'county-gov' }] },
  { username: 'samr_handler', displayName: '市场监管局承办 刘洋', orgKey: 'county-samr', roles: [{ role: 'approver_handle', scopeKey: 'county-samr' }] },
  { username: 'samr_reviewer', displayName: '市场监管局审核 吴芳', orgKey: 'county-samr', roles: [{ role: 'approver_review', scopeKey: 'county-samr' }] },
  { username: 'samr_signer', displayName: '市场监管局签批 郑伟', orgKey: 'county-samr', roles: [{ role: 'approver_signoff', scopeKey: 'county-samr' }] },
  { username: 'mca_handler', displayName: '民政局承办 黄琳', orgKey: 'county-mca', roles: [{ role: 'approver_handle', scopeKey: 'county-mca' }, { role: 'approver_review', scopeKey: 'county-mca' }] },
  { username: 'mca_reviewer', displayName: '民政局审核 冯洁', orgKey: 'county-mca', roles: [{ role: 'approver_review', scopeKey: 'county-mca' }] },
  { username: 'mca_signer', displayName: '民政局签批 何斌', orgKey: 'county-mca', roles: [{ role: 'approver_signoff', scopeKey: 'county-mca' }] },
  { username: 'housing_handler', displayName: '住建局承办 钱磊', orgKey: 'county-housing', roles: [{ role: 'approver_handle', scopeKey: 'county-housing' }] },
  { username: 'housing_reviewer', displayName: '住建局审核 褚红', orgKey: 'county-housing', roles: [{ role: 'approver_review', scopeKey: 'county-housing' }] },
  { username: 'housing_signer', displayName: '住建局签批 卫东', orgKey: 'county-housing', roles: [{ role: 'approver_signoff', scopeKey: 'county-housing' }] },
  { username: 'supervisor', displayName: '电子监察 马骏', orgKey: 'county-gov', roles: [{ role: 'supervisor', scopeKey: 'county-gov' }] },
];

export const DEMO_APPLICANTS = [
  {
    username: 'zhangsan',
    kind: 'natural_person' as const,
    displayName: '张三',
    idNumber: completeIdNumber('33052319900307123'),
    phone: '13857212345',
    address: '浙江省湖州市安吉县递铺街道城北社区胜利路18号',
  },
  {
    username: 'lisi',
    kind: 'natural_person' as const,
    displayName: '李四',
    idNumber: completeIdNumber('33052319851120242'),
    phone: '13957254321',
    address: '浙江省湖州市安吉县孝丰镇南大街6号',
  },
  {
    username: 'baicha',
    kind: 'legal_person' as const,
    displayName: '安吉白茶生态农业有限公司',
    creditCode: completeCreditCode('91330523MA2B3C4D5'),
    legalRepresentative: '王建国',
    phone: '13600572888',
    address: '浙江省湖州市安吉县溪龙乡黄杜村1号',
  },
];

/**
 * Demo people beside the online applicants (not in DEMO_APPLICANTS, whose cases the demo generates):
 * 王秀英, an elderly person (born 1944) a 帮办员 files for at the window (ADR 0037), and 赵敏, an employee of
 * 安吉白茶 registered as its 经办人 for 市场准入 services.
 */
export const DEMO_OTHER_PEOPLE = [
  {
    username: 'wangxiuying',
    kind: 'natural_person' as const,
    displayName: '王秀英',
    idNumber: completeIdNumber('33052319440612202'),
    phone: '13757200618',
    address: '浙江省湖州市安吉县递铺街道古城村3组12号',
  },
  {
    username: 'zhaomin',
    kind: 'natural_person' as const,
    displayName: '赵敏',
    idNumber: completeIdNumber('33052319920415302'),
    phone: '13857266415',
    address: '浙江省湖州市安吉县溪龙乡黄杜村8号',
  },
];

/** 经办人 of the demo enterprise: 赵敏 for 安吉白茶, 市场准入 services, for a year from seeding. */
export const DEMO_AGENT_GRANTS = [{ enterprise: 'baicha', agent: 'zhaomin', categories: ['市场准入'], days: 365 }];

type OrgSpec = { key: string; kind: 'government' | 'department' | 'hall'; name: string; shortName: string; region: string; parentKey?: string; creditCode?: string };

function orgSpecs(): OrgSpec[] {
  const govs: OrgSpec[] = [
    { key: 'province-gov', kind: 'government', name: '浙江省人民政府', shortName: '省政府', region: '330000' },
    { key: 'city-gov', kind: 'government', name: '湖州市人民政府', shortName: '市政府', region: '330500', parentKey: 'province-gov' },
    { key: 'county-gov', kind: 'government', name: '安吉县人民政府', shortName: '县政府', region: '330523', parentKey: 'city-gov' },
    { key: 'township-dipu', kind: 'government', name: '安吉县递铺街道办事处', shortName: '递铺街道', region: '330523001', parentKey: 'county-gov' },
    { key: 'township-xiaofeng', kind: 'government', name: '安吉县孝丰镇人民政府', shortName: '孝丰镇', region: '330523101', parentKey: 'county-gov' },
    { key: 'county-hall', kind: 'hall', name: '安吉县政务服务中心', shortName: '县政务服务中心', region: '330523', parentKey: 'county-gov' },
  ];
  const depts: OrgSpec[] = DEMO_DEPARTMENTS.filter((d) => d.key !== 'county-gov').map((d) => ({
    key: d.key,
    kind: 'department' as const,
    name: d.name,
    shortName: d.shortName,
    region: d.regionCode,
    parentKey: d.regionCode === '330000' ? 'province-gov' : d.regionCode === '330500' ? 'city-gov' : 'county-gov',
    creditCode: d.creditCode,
  }));
  const countyGov = DEMO_DEPARTMENTS.find((d) => d.key === 'county-gov');
  if (countyGov) (govs[2] as OrgSpec).creditCode = countyGov.creditCode;
  return [...govs, ...depts];
}

/** Inserts regions and the org tree; returns org ids by key. */
export async function seedOrganisation(db: Kysely<Database>): Promise<Map<string, { id: string; path: string }>> {
  for (const r of DEMO_REGIONS) {
    await db.insertInto('regions').values({ code: r.code, name: r.name, level: r.level, parent_code: r.parent ?? null }).execute();
  }
  const byKey = new Map<string, { id: string; path: string }>();
  for (const o of orgSpecs()) {
    const parent = o.parentKey ? byKey.get(o.parentKey) : undefined;
    const id = crypto.randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    await db
      .insertInto('orgs')
      .values({ id, kind: o.kind, name: o.name, name_en: orgNameEn(o.name), short_name: o.shortName, region_code: o.region, parent_id: parent?.id ?? null, path, credit_code: o.creditCode ?? null, key: o.key })
      .execute();
    byKey.set(o.key, { id, path });
  }
  const hall = byKey.get('county-hall');
  if (!hall) throw new Error('demo hall missing');
  let n = 0;
  for (const cat of DEMO_WINDOW_CATEGORIES) {
    const letter = String.fromCharCode(65 + n++);
    for (const i of [1, 2]) {
      await db
        .insertInto('windows')
        .values({ hall_id: hall.id, number: `${letter}0${i}`, name: `${cat.name}综合窗口${i}`, category: cat.name })
        .execute();
    }
  }
  return byKey;
}

export async function seedPeople(db: Kysely<Database>, orgs: Map<string, { id: string }>): Promise<void> {
  const windows = await db.selectFrom('windows').select(['id', 'number']).execute();
  for (const s of DEMO_STAFF) {
    const org = orgs.get(s.orgKey);
    if (!org) throw new Error(`demo org ${s.orgKey} missing`);
    const user = await db
      .insertInto('users')
      .values({
        kind: 'staff',
        username: s.username,
        display_name: s.displayName,
        password_hash: await hashPassword(DEMO_PASSWORD),
        org_id: org.id,
        window_id: windows.find((w) => w.number === s.windowNumber)?.id ?? null,
        // Two-factor for staff: demo accounts come enrolled with a published secret (README).
        totp_secret: sealTotpSecret(DEMO_TOTP_SECRETS[s.username] ?? null),
        totp_enabled_at: DEMO_TOTP_SECRETS[s.username] ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of s.roles) {
      const scope = orgs.get(r.scopeKey);
      if (!scope) throw new Error(`demo scope ${r.scopeKey} missing`);
      await db.insertInto('staff_roles').values({ user_id: user.id, role: r.role, scope_org_id: scope.id }).execute();
    }
  }
  for (const a of [...DEMO_APPLICANTS, ...DEMO_OTHER_PEOPLE]) {
    await db
      .insertInto('users')
      .values({
        kind: a.kind,
        username: a.username,
        display_name: a.displayName,
        password_hash: await hashPassword(DEMO_PASSWORD),
        // Sealed at rest (ADR 0011); the start-up data step adds the ID number's blind index.
        phone: sealField('phone', a.phone),
        address: sealField('address', a.address),
        id_number: sealField('id_number', a.kind === 'natural_person' ? a.idNumber : null),
        credit_code: a.kind === 'legal_person' ? a.creditCode : null,
        legal_representative: sealField('legal_representative', a.kind === 'legal_person' ? a.legalRepresentative : null),
      })
      .execute();
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const g of DEMO_AGENT_GRANTS) {
    const ids = await db.selectFrom('users').select(['id', 'username']).where('username', 'in', [g.enterprise, g.agent]).execute();
    const id = (u: string) => ids.find((r) => r.username === u)?.id ?? '';
    await db
      .insertInto('enterprise_agents')
      .values({
        enterprise_id: id(g.enterprise),
        agent_id: id(g.agent),
        scope: JSON.stringify({ kind: 'listed', implIds: [], categories: g.categories }),
        valid_from: today,
        valid_until: new Date(Date.now() + g.days * 86_400_000).toISOString().slice(0, 10),
        created_at: new Date(),
      })
      .execute();
  }
}

/** Seeds the demo county once: a database that already has regions is left alone. */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('regions').select('code').limit(1).executeTakeFirst();
  if (any) return false;
  const orgs = await seedOrganisation(db);
  await seedPeople(db, orgs);
  await seedDemoCatalogue(db, orgs);
  await seedDemoBundles(db, orgs);
  await seedDemoHall(db, orgs);
  await seedDemoLicences(db);
  return true;
}
