import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FormField, ItemContent } from '../../core/catalogue/types.js';
import type { CaseCommand, CaseSnapshot } from '../../core/cases/types.js';
import { owableMaterialIds } from '../../core/cases/machine.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { completeIdNumber } from '../../core/codes/id-number.js';
import { completeCreditCode } from '../../core/codes/credit-code.js';
import { effectiveFormSchema } from '../../core/forms/index.js';
import { loadCalendar } from '../calendar/service.js';
import { runCommand, submitNewCase, type CaseDeps } from '../cases/service.js';
import { hashPassword } from '../identity/passwords.js';
import { sealUser, idNumberIndex } from '../crypto/personal-data.js';
import type { Actor } from '../policies/index.js';
import { DEMO_APPLICANTS } from './seed.js';
import { Dice, seededRandom } from '../../core/simulation/random.js';

/**
 * A living hall for a fresh install (issue 9, "Finish the screens"; ADR 0017): a few hundred demo
 * cases in every state, spread over the last ~6 weeks of working days, made through the real
 * services (`submitNewCase`, `runCommand`) with a moved clock (`CaseDeps.now`) — so every case has
 * a verifiable timeline, case numbers of its day, and due dates from the working calendar.
 * Deterministic (a seeded PRNG) and idempotent (only when the database has no cases at all).
 */

export const DEMO_CASE_TARGETS = [
  'submitted',
  'correction_requested',
  'accepted',
  'in_review',
  'suspended',
  'approved',
  'denied',
  'completed',
  'delivered',
  'refused',
  'withdrawn',
  'terminated',
] as const;
export type DemoCaseTarget = (typeof DEMO_CASE_TARGETS)[number];

/** The mix of a few hundred cases: most delivered or in hand, a few of every rarer state. */
const WEIGHTS: Record<DemoCaseTarget, number> = {
  submitted: 8,
  correction_requested: 5,
  accepted: 8,
  in_review: 15,
  suspended: 3,
  approved: 4,
  denied: 2,
  completed: 10,
  delivered: 32,
  refused: 3,
  withdrawn: 3,
  terminated: 2,
};

/** How many working days back a case of each target may start (0 = the last working day before today); running states follow their item's limit (startBack). */
const START_BACK: Record<DemoCaseTarget, [number, number]> = {
  submitted: [0, 2],
  correction_requested: [0, 8],
  accepted: [0, 6],
  in_review: [0, 10],
  suspended: [2, 12],
  approved: [1, 8],
  denied: [1, 8],
  completed: [1, 6],
  delivered: [3, 29],
  refused: [0, 29],
  withdrawn: [0, 29],
  terminated: [2, 29],
};

/** Back-office people of the demo departments that have them (职责分离: one person per step). */
const DEPARTMENT_STAFF: Record<string, Record<'approver_handle' | 'approver_review' | 'approver_signoff', string>> = {
  'county-samr': { approver_handle: 'samr_handler', approver_review: 'samr_reviewer', approver_signoff: 'samr_signer' },
  'county-mca': { approver_handle: 'mca_handler', approver_review: 'mca_reviewer', approver_signoff: 'mca_signer' },
};

const CLERKS = ['clerk', 'clerk2'];

/** People registered at the window (no password until they claim the account online, ADR 0014). */
const WINDOW_PERSONS = [
  { name: '王芳', id17: '33052319880412362', phone: '13867201234' },
  { name: '陈刚', id17: '33052319760923451', phone: '13905721122' },
  { name: '刘敏', id17: '33052320010105284', phone: '15888213344' },
  { name: '杨建华', id17: '33052319650718133', phone: '13736205566' },
  { name: '周婷', id17: '33052319930228068', phone: '18957217788' },
  { name: '吴国强', id17: '33052319581130317', phone: '13511229900' },
];
const WINDOW_COMPANIES = [{ name: '安吉竹韵家具有限公司', cc17: '91330523MA2D7E8F9', legalRep: '沈立平', phone: '13757201010' }];

const NAMES = ['李明', '王秀英', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴娜', '徐强', '孙悦'];
const TEXTS: Record<string, string[]> = {
  tradeName: ['竹乡', '溪龙', '白茶源', '山川', '余村'],
  premises: ['安吉县递铺街道胜利西路28号', '安吉县孝丰镇城南路66号', '安吉县天子湖镇高禹村128号'],
  scope: ['茶叶销售；日用百货零售', '餐饮服务；预包装食品销售', '竹制品加工、销售'],
  companyName: ['安吉竹乡科技有限公司', '安吉溪龙茶业有限公司', '安吉山川文旅发展有限公司'],
  address: ['安吉县递铺街道阳光大道99号', '安吉县昌硕街道天目路8号', '安吉县灵峰街道剑山村15号'],
  detail: ['住所由递铺街道胜利路18号变更为昌硕街道天目路8号', '经营范围增加“茶具销售”'],
  pharmacist: ['钱慧（执业药师）', '沈一鸣（执业药师）'],
  reason: ['家庭成员突发重病，医疗支出较大，基本生活暂时困难', '因火灾导致住房受损，基本生活暂时困难', '家庭主要劳动力因病丧失劳动能力'],
  employer: ['安吉县某竹木制品有限公司', '湖州市某纺织有限公司'],
  bankAccount: ['6228480321234567890', '6217001540012345678'],
  babyName: ['张小雨', '李一诺', '王子涵'],
  hospital: ['安吉县人民医院', '安吉县妇幼保健院'],
  institution: ['安吉县人民医院', '安吉县中医医院', '递铺街道社区卫生服务中心'],
  schoolName: ['安吉县竹韵幼儿园', '安吉县溪畔幼儿园'],
  subject: ['小学语文', '初中数学', '高中英语'],
  project: ['安吉县递铺街道安置房二期工程', '溪龙乡茶旅综合体项目', '天子湖现代物流园仓储工程'],
  location: ['安吉县递铺街道凤凰山路12幢1单元301室', '安吉县孝丰镇南大街6号'],
  certNo: ['浙（2021）安吉县不动产权第0012345号', '浙（2019）安吉县不动产权第0008876号'],
  from: ['江西省上饶市信州区滨江路5号', '安徽省宣城市宣州区鳌峰路18号'],
  to: ['安吉县递铺街道城北社区胜利路18号', '安吉县孝丰镇南大街6号'],
};

export { Dice, seededRandom } from '../../core/simulation/random.js';

interface DemoItem {
  implId: string;
  departmentKey: string;
  content: ItemContent;
}

interface Applicant {
  actor: Actor;
  kind: 'natural_person' | 'legal_person';
  /** Demo accounts apply online too; people registered at the window only at the window. */
  online: boolean;
}

/** The moment of each action of one case: working days in office hours, always later than the last. */
class Clock {
  private t: number;
  constructor(
    private readonly days: readonly string[],
    private dayIndex: number,
    private readonly dice: Dice,
  ) {
    this.t = this.at(dayIndex, 8 * 60 + 45 + dice.int(0, 7 * 60));
  }
  private at(i: number, minute: number): number {
    const d = this.days[i] as string;
    const m = Math.min(minute, 23 * 60 + 58);
    return new Date(`${d}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+08:00`).getTime() + this.dice.int(0, 59) * 1000;
  }
  /** Moves on `days` working days (to a morning) or, with 0, some minutes later the same day. */
  step(days: number, minutes: [number, number] = [5, 90]): Date {
    const last = this.days.length - 1;
    let candidate: number;
    if (days > 0 && this.dayIndex < last) {
      this.dayIndex = Math.min(this.dayIndex + days, last);
      candidate = this.at(this.dayIndex, 8 * 60 + 40 + this.dice.int(0, 180));
    } else {
      candidate = this.t + this.dice.int(minutes[0], minutes[1]) * 60_000;
      const dayEnd = new Date(`${this.days[this.dayIndex]}T17:30:00+08:00`).getTime();
      if (candidate > dayEnd && this.dayIndex < last) {
        this.dayIndex++;
        candidate = this.at(this.dayIndex, 8 * 60 + 40 + this.dice.int(0, 60));
      }
    }
    this.t = Math.max(candidate, this.t + 1000);
    return new Date(this.t);
  }
  now(): Date {
    return new Date(this.t);
  }
}

export interface DemoCasesOptions {
  count: number;
  seed?: number;
  /** The real now; cases are made on the working days before its date (Asia/Shanghai). */
  now?: Date;
  /** How many working days back the oldest case may start (about 6 weeks). */
  workingDaysBack?: number;
}

export interface DemoCasesReport {
  created: number;
  byState: Record<string, number>;
  ms: number;
}

/** Seeds the demo cases once: a database that has any case, or no demo applicants, is left alone. */
export async function seedDemoCasesIfEmpty(db: Kysely<Database>, opts: DemoCasesOptions): Promise<DemoCasesReport | null> {
  if (opts.count <= 0) return null;
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return null;
  if (!(await db.selectFrom('users').select('id').where('username', '=', 'zhangsan').executeTakeFirst())) return null;
  return seedDemoCases(db, opts);
}

async function actorOf(db: Kysely<Database>, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'org_id']).where('username', '=', username).executeTakeFirst();
  if (!u) throw new Error(`demo account ${username} missing`);
  return actorFromRow(db, u);
}

async function actorFromRow(db: Kysely<Database>, u: { id: string; kind: Actor['kind']; display_name: string; org_id: string | null }): Promise<Actor> {
  const roles = await db
    .selectFrom('staff_roles as r')
    .innerJoin('orgs as o', 'o.id', 'r.scope_org_id')
    .select(['r.role', 'r.scope_org_id', 'o.path'])
    .where('r.user_id', '=', u.id)
    .execute();
  return { userId: u.id, kind: u.kind, displayName: u.display_name, orgId: u.org_id, roles: roles.map((r) => ({ role: r.role, scopeOrgId: r.scope_org_id, scopePath: r.path })) };
}

/** The window-registered people (as the window's 查找或登记 does it), found again if already there. */
async function windowApplicants(db: Kysely<Database>, dice: Dice): Promise<Applicant[]> {
  const out: Applicant[] = [];
  const rows = [
    ...WINDOW_PERSONS.map((p) => ({ kind: 'natural_person' as const, name: p.name, idNumber: completeIdNumber(p.id17), creditCode: null, legalRep: null, phone: p.phone })),
    ...WINDOW_COMPANIES.map((c) => ({ kind: 'legal_person' as const, name: c.name, idNumber: null, creditCode: completeCreditCode(c.cc17), legalRep: c.legalRep, phone: c.phone })),
  ];
  for (const p of rows) {
    let u = await db
      .selectFrom('users')
      .select(['id', 'kind', 'display_name', 'org_id'])
      .where((eb) => (p.idNumber ? eb('id_number_bidx', '=', idNumberIndex(p.idNumber)) : eb('credit_code', '=', p.creditCode)))
      .executeTakeFirst();
    u ??= await db
      .insertInto('users')
      .values({
        kind: p.kind,
        username: `w_demo${Math.floor(dice.float() * 1e12).toString(16).padStart(10, '0')}`,
        password_hash: await hashPassword(`${p.name}${dice.float()}`),
        password_set_at: null,
        display_name: p.name,
        credit_code: p.creditCode,
        ...sealUser({ id_number: p.idNumber, legal_representative: p.legalRep, phone: p.phone }),
      })
      .returning(['id', 'kind', 'display_name', 'org_id'])
      .executeTakeFirstOrThrow();
    out.push({ actor: await actorFromRow(db, u), kind: p.kind, online: false });
  }
  return out;
}

/** Form data valid for the item's schema (situations chosen at random), made from the fields' formats. */
export function demoApplication(content: ItemContent, dice: Dice, applicantKind: 'natural_person' | 'legal_person'): { formData: Record<string, unknown>; situationAnswers: Record<string, string[]> } {
  const situationAnswers: Record<string, string[]> = {};
  for (const s of content.situations) situationAnswers[s.id] = [dice.pick(s.options).id];
  const required = new Set((effectiveFormSchema(content.form, situationAnswers).required as string[] | undefined) ?? []);
  const formData: Record<string, unknown> = {};
  const fill = (key: string, f: FormField) => {
    // Identity fields come from the verified account (ADR 0008).
    const fromAccount = applicantKind === 'natural_person' ? ['profile.name', 'profile.idNumber'] : ['profile.companyName', 'profile.creditCode', 'profile.legalRepresentative'];
    if (f['x-prefill'] && fromAccount.includes(f['x-prefill'])) return;
    formData[key] = valueFor(key, f, dice);
  };
  for (const [key, f] of Object.entries(content.form.properties)) if (required.has(key) || dice.chance(0.5)) fill(key, f);
  for (const c of content.form.allOf ?? []) {
    if (Object.entries(c.if.properties).every(([k, v]) => formData[k] === v.const)) {
      for (const k of c.then.required) if (formData[k] === undefined && content.form.properties[k]) fill(k, content.form.properties[k] as FormField);
    }
  }
  return { formData, situationAnswers };
}

function valueFor(key: string, f: FormField, dice: Dice): unknown {
  if (f.enum) return dice.pick(f.enum);
  switch (f.format) {
    case 'idNumber':
      return completeIdNumber(`330523${dice.int(1960, 2000)}${String(dice.int(1, 12)).padStart(2, '0')}${String(dice.int(1, 28)).padStart(2, '0')}${dice.int(100, 999)}`);
    case 'creditCode':
      return completeCreditCode(`91330523MA2${dice.pick(['A', 'B', 'C', 'D'])}${dice.int(10000, 99999)}`);
    case 'phone':
    case 'mobilePhone':
      return `1${dice.pick(['38', '39', '58', '88', '37'])}${dice.int(10000000, 99999999)}`;
    case 'personName':
      return dice.pick(NAMES);
    case 'regionCode':
      return '330523';
    case 'date':
      return `2026-${String(dice.int(1, 10)).padStart(2, '0')}-${String(dice.int(1, 28)).padStart(2, '0')}`;
    case 'amount':
      return dice.int(5, 500) * 100;
    default:
  }
  if (f.type === 'boolean') return dice.chance(0.5);
  if (f.type === 'integer' || f.type === 'number') {
    const lo = f.minimum ?? 1;
    return Math.min(f.maximum ?? lo + 9, lo + dice.int(0, 9));
  }
  const text = dice.pick(TEXTS[key] ?? [`${f.title}：详见申请材料`]);
  return f.maxLength ? text.slice(0, f.maxLength) : text;
}

/** The last `n` working days before today (Asia/Shanghai), oldest first. */
function workingDaysBefore(today: string, n: number, isWorkingDay: (d: string) => boolean): string[] {
  const out: string[] = [];
  const d = new Date(`${today}T12:00:00Z`);
  while (out.length < n) {
    d.setUTCDate(d.getUTCDate() - 1);
    const iso = d.toISOString().slice(0, 10);
    if (isWorkingDay(iso)) out.unshift(iso);
  }
  return out;
}

export async function seedDemoCases(db: Kysely<Database>, opts: DemoCasesOptions): Promise<DemoCasesReport> {
  const started = Date.now();
  const dice = new Dice(seededRandom(opts.seed ?? 20261201));
  const realNow = opts.now ?? new Date();
  const calendar = await loadCalendar(db);
  const days = workingDaysBefore(isoDateInChina(realNow), (opts.workingDaysBack ?? 30) + 1, (d) => calendar.isWorkingDay(d));

  const items: DemoItem[] = (
    await db
      .selectFrom('item_impls as i')
      .innerJoin('orgs as o', 'o.id', 'i.org_id')
      .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
      .select(['i.id', 'o.key', 'v.content'])
      .where('i.level', '=', 'county')
      .orderBy('i.impl_code')
      .execute()
  ).map((r) => ({ implId: r.id, departmentKey: r.key ?? '', content: r.content as unknown as ItemContent }));
  const staffed = (i: DemoItem) => i.departmentKey in DEPARTMENT_STAFF && i.content.caseKind !== 'on_the_spot';
  const pools = {
    any: items,
    promised: items.filter((i) => i.content.caseKind !== 'on_the_spot'),
    onTheSpot: items.filter((i) => i.content.caseKind === 'on_the_spot'),
    backOffice: items.filter(staffed),
    special: items.filter((i) => staffed(i) && i.content.specialProcedures.length > 0),
  };
  if (!pools.backOffice.length || !pools.onTheSpot.length) throw new Error('demo catalogue has no staffed or on-the-spot items');

  const people = new Map<string, Actor>();
  const person = async (username: string) => {
    let a = people.get(username);
    if (!a) people.set(username, (a = await actorOf(db, username)));
    return a;
  };
  const applicants: Applicant[] = [];
  for (const a of DEMO_APPLICANTS) applicants.push({ actor: await person(a.username), kind: a.kind, online: true });
  applicants.push(...(await windowApplicants(db, dice)));

  const outboxBefore = await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const notificationsBefore = await db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const byState: Record<string, number> = {};
  for (let n = 0; n < opts.count; n++) {
    // Every target once first, so even a small demo has every state; then the weighted mix.
    const target = n < DEMO_CASE_TARGETS.length ? (DEMO_CASE_TARGETS[n] as DemoCaseTarget) : dice.weighted(WEIGHTS);
    const pool = poolFor(target, pools, dice);
    const item = dice.pick(pool);
    const fitting = applicants.filter((a) => item.content.applicantTypes.includes(a.kind));
    const applicant = dice.pick(fitting.length ? fitting : applicants);
    const clock = new Clock(days, days.length - 1 - Math.min(startBack(target, item.content, dice), days.length - 1), dice);
    const state = await makeCase(db, { item, applicant, target, clock, dice, person, calendar, realToday: isoDateInChina(realNow) });
    byState[state] = (byState[state] ?? 0) + 1;
  }
  // The demo's history was told to its applicants at the time: its messages are not sent again today.
  await db
    .updateTable('outbox')
    .set((eb) => ({ delivered_at: eb.ref('created_at') }))
    .where('id', '>', Number(outboxBefore?.id ?? 0))
    .where('topic', '=', 'notify.applicant')
    .where('delivered_at', 'is', null)
    .execute();
  // Their in-app notifications carry the time of the action they tell of (the n-th of a kind on a case is
  // the n-th such event); those older than five days have been read.
  await sql`
    update notifications n set created_at = e.at, read_at = case when e.at < ${new Date(realNow.getTime() - 5 * 86_400_000)} then e.at else null end
    from (select id, row_number() over (partition by case_id, kind order by id) as k from notifications where id > ${Number(notificationsBefore?.id ?? 0)}) m,
         (select case_id, action, at, row_number() over (partition by case_id, action order by seq) as k from case_events) e
    where m.id = n.id and e.case_id = n.case_id and e.action = n.kind and e.k = m.k`.execute(db);
  return { created: opts.count, byState, ms: Date.now() - started };
}

/**
 * How many working days before the last one a case starts. A running case mostly started within its
 * promised limit (on time or near due); about one in six is overdue, so the supervisor has something
 * to see without the hall looking broken.
 */
function startBack(target: DemoCaseTarget, content: ItemContent, dice: Dice): number {
  if (target === 'accepted' || target === 'in_review' || target === 'suspended') {
    const limit = content.promisedLimitDays;
    return dice.chance(0.16) ? limit + dice.int(1, 5) : dice.int(0, Math.max(0, limit - 2));
  }
  const [lo, hi] = START_BACK[target];
  return dice.int(lo, hi);
}

function poolFor(target: DemoCaseTarget, p: Record<'any' | 'promised' | 'onTheSpot' | 'backOffice' | 'special', DemoItem[]>, dice: Dice): DemoItem[] {
  switch (target) {
    case 'submitted':
    case 'correction_requested':
      return p.any;
    case 'accepted':
    case 'withdrawn':
      // Accepted cases of departments without demo approvers wait for them: the supervisor sees them age.
      return dice.chance(0.6) ? p.backOffice : p.promised;
    case 'suspended':
      return p.special.length ? p.special : p.backOffice;
    case 'completed':
    case 'delivered':
      return dice.chance(0.35) ? p.onTheSpot : p.backOffice;
    default:
      return p.backOffice;
  }
}

interface CaseRun {
  item: DemoItem;
  applicant: Applicant;
  target: DemoCaseTarget;
  clock: Clock;
  dice: Dice;
  person: (username: string) => Promise<Actor>;
  calendar: Awaited<ReturnType<typeof loadCalendar>>;
  realToday: string;
}

/** One case from submission to its target state; returns the state reached. */
async function makeCase(db: Kysely<Database>, run: CaseRun): Promise<string> {
  const { item, applicant, target, clock, dice, person } = run;
  const deps = (at: Date): CaseDeps => ({ calendar: (stamp) => loadCalendar(db, stamp), now: () => at });
  const content = item.content;
  const online = applicant.online && dice.chance(0.55);
  const clerk = await person(dice.pick(CLERKS));
  const { formData, situationAnswers } = demoApplication(content, dice, applicant.kind);
  const commitments = online && target !== 'refused' && dice.chance(0.2) ? content.materials.filter((m) => m.commitmentAllowed).slice(0, 1).map((m) => m.id) : [];

  // The service validates the form against the item's schema (identity from the account, ADR 0008).
  const created = await submitNewCase(
    db,
    deps(clock.now()),
    online ? applicant.actor : clerk,
    { implId: item.implId, formData, situationAnswers, materials: [], channel: online ? 'online' : 'window', applicantId: online ? undefined : applicant.actor.userId, commitments },
    undefined,
  ).catch((err: unknown) => {
    throw new Error(`demo application for ${content.mainName} refused: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  const caseId = created.caseRow.id;
  let snapshot = created.caseRow.snapshot as unknown as CaseSnapshot;
  const act = async (actor: Actor, command: CaseCommand, days = 0, minutes?: [number, number]) => {
    const row = await runCommand(db, deps(clock.step(days, minutes)), actor, caseId, command).catch((err: unknown) => {
      throw new Error(`demo case (${content.mainName}, ${target}): ${command.type} by ${actor.displayName} in state ${snapshot.state} refused: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    snapshot = row.snapshot as unknown as CaseSnapshot;
  };
  const staff = DEPARTMENT_STAFF[item.departmentKey];
  const approver = (role: 'approver_handle' | 'approver_review' | 'approver_signoff') => {
    if (!staff) throw new Error(`no demo approvers for ${item.departmentKey}`);
    return person(staff[role]);
  };
  const resubmitter = online ? applicant.actor : clerk;
  if (target === 'submitted') return snapshot.state;

  // 一次性告知 (one notice listing what to correct), then — unless that is the target — the applicant resubmits.
  if (target === 'correction_requested' || (target !== 'refused' && content.caseKind !== 'on_the_spot' && dice.chance(0.15))) {
    const m = content.materials.find((x) => x.required && x.id !== 'm-id-card') ?? content.materials[0];
    if (m) {
      await act(clerk, { type: 'request_correction', missing: [{ materialId: m.id, reason: dice.pick(['材料未加盖公章', '复印件不清晰，请提供清晰复印件', '材料内容与申请表不一致', '缺少签字页']) }] }, 0, [10, 60]);
      if (target === 'correction_requested') return snapshot.state;
      await act(resubmitter, { type: 'submit' }, dice.int(1, 2));
    }
  }
  if (target === 'refused') {
    await act(await approver('approver_handle'), { type: 'refuse', reason: dice.pick(['申请事项不属于本机关职权范围', '申请人不具备申请资格']), remedies: '如不服本决定，可自收到之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼' }, dice.int(0, 1));
    return snapshot.state;
  }
  if (target === 'withdrawn' && dice.chance(0.5)) {
    await act(applicant.actor, { type: 'withdraw', reason: '申请人主动撤回申请' }, dice.int(0, 2));
    return snapshot.state;
  }

  // 受理: the clerk's checklist (受理核验) — every material received with its original seen, or owed (容缺).
  const intakeDays = online ? dice.int(0, 1) : 0;
  if (content.caseKind === 'on_the_spot') {
    await act(clerk, { type: 'complete_on_the_spot', resultNo: '', received: received(snapshot, []) }, intakeDays, [5, 25]);
  } else {
    const owable = owableMaterialIds(snapshot);
    if (owable.length && dice.chance(0.3)) {
      const at = clock.step(intakeDays, [5, 25]);
      const today = isoDateInChina(at);
      const owedDue = run.calendar.addWorkingDays(today, Math.min(3, content.promisedLimitDays)).date;
      const owed = [{ materialId: dice.pick(owable), dueDate: owedDue }];
      snapshot = (await runCommand(db, deps(at), clerk, caseId, { type: 'accept_with_gaps', received: received(snapshot, owed.map((o) => o.materialId)), owed })).snapshot as unknown as CaseSnapshot;
    } else {
      await act(clerk, { type: 'accept', received: received(snapshot, []) }, intakeDays, [5, 25]);
    }
  }
  // The applicant supplies an owed material (the window no longer sees a case the back office holds).
  const supplyOwed = async () => {
    for (const o of snapshot.owed.filter((x) => !x.supplied)) await act(applicant.actor, { type: 'supply_owed', materialId: o.materialId }, dice.int(0, 1));
  };

  if (target === 'withdrawn') {
    await act(applicant.actor, { type: 'withdraw', reason: '申请人主动撤回申请' }, dice.int(0, 2));
    return snapshot.state;
  }
  if (content.caseKind !== 'on_the_spot' && target !== 'accepted') {
    const steps = snapshot.item.steps;
    // How far the back office gets: the step held (in review), or all the way to a decision.
    const stopAt = target === 'in_review' ? dice.int(0, steps.length - 1) : target === 'suspended' || target === 'terminated' ? 0 : steps.length;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (!step) break;
      if (i === stopAt && target === 'in_review' && i > 0 && dice.chance(0.3)) break; // waiting for the next step's 签收
      const who = await approver(step.role);
      await act(who, { type: 'claim' }, dice.int(0, 1));
      if (i === stopAt) break;
      if (step.decision) {
        if (target !== 'denied') await supplyOwed();
        const approved = target !== 'denied';
        await act(who, { type: 'decide', decision: approved ? 'approved' : 'denied', reason: approved ? '申请材料齐全，符合法定条件和标准，准予办理' : '经审查，申请人不符合法定条件，不予办理' }, 0, [20, 120]);
      } else {
        await act(who, { type: 'advance', comment: dice.pick(['经审查，申请材料齐全，符合法定形式，拟同意', '审核同意，提交签批', '情况属实，同意']) }, 0, [20, 150]);
      }
    }
    if (target === 'suspended') {
      const procedure = content.specialProcedures[0]?.name ?? '现场核查';
      await act(await approver('approver_handle'), { type: 'suspend', procedure, reason: `依法需${procedure}，所需时间不计入办理期限` }, 0, [30, 120]);
    }
    if (target === 'terminated') {
      await act(await approver('approver_signoff'), { type: 'terminate', reason: applicant.kind === 'legal_person' ? '申请人已依法注销，审批程序终止' : '申请人已迁出本县，不属于本机关管辖，终止办理' }, dice.int(0, 2));
    }
    if (target === 'completed' || target === 'delivered') {
      await act(dice.chance(0.5) ? await approver('approver_signoff') : clerk, { type: 'complete', resultNo: '' }, dice.int(0, 2));
    }
  }
  if (target === 'delivered') {
    const method = dice.pick(['window', 'express', 'electronic'] as const);
    await act(clerk, { type: 'deliver', method, ...(method === 'express' ? { trackingNo: `SF${dice.int(1000000000, 9999999999)}` } : {}) }, dice.int(0, 3));
  }
  // The scheduler ends a case whose owed material is overdue (容缺): a living demo supplies those in time.
  if (snapshot.owed.some((o) => !o.supplied && o.dueDate < run.realToday) && ['accepted', 'in_review', 'suspended', 'approved', 'denied'].includes(snapshot.state)) await supplyOwed();
  return snapshot.state;
}

/** The clerk's checklist: each material of the case received (original seen), except those owed or promised. */
function received(s: CaseSnapshot, owed: readonly string[]): { materialId: string; originalSeen: boolean }[] {
  const skip = new Set([...owed, ...(s.commitments ?? [])]);
  return (s.item.materials ?? []).filter((m) => !skip.has(m.id)).map((m) => ({ materialId: m.id, originalSeen: true }));
}
