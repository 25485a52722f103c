import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { BundleCasesTable } from '../db/schema.js';
import { compileOnce } from '../db/compile-once.js';
import { calendarStampSql } from '../calendar/service.js';
import { applicantJsonSql, newMemberCasesCtes, type ApplicantUserRow, type NewMemberCase } from '../cases/repository.js';
import type { CaseState } from '../../core/cases/types.js';
import type { MemberCase } from '../../core/bundles/state.js';

/**
 * Kysely queries for bundle cases (一件事办件) and their members. No rules here: the services hold them.
 * Each function is one statement (ADR 0049): what a bundle action reads, or writes, together.
 */

export type BundleCaseRow = Selectable<BundleCasesTable>;

/** A member with its case, as the bundle rules and views read it. */
export interface MemberRow extends NewMemberRow {
  note: string | null;
  state: string | null;
  snapshot: Record<string, unknown> | null;
  case_no: string | null;
  due_date: string | null;
  applicant_id: string | null;
  form_data: Record<string, unknown> | null;
  title: string | null;
  memberCase: MemberCase;
  resultNo: string | null;
}

export type RawMemberRow = Omit<MemberRow, 'memberCase' | 'resultNo'>;

export function memberRowOf(r: RawMemberRow): MemberRow {
  const snap = r.snapshot as { decision?: 'approved' | 'denied' | null; resultNo?: string | null } | null;
  const memberCase: MemberCase = r.case_id && r.state ? { state: r.state as CaseState, decision: snap?.decision ?? null } : null;
  return { ...r, memberCase, resultNo: snap?.resultNo ?? null };
}

/** The members with their cases, by position. */
export async function membersOf(db: Db, bundleCaseId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('bundle_members as m')
    .leftJoin('cases as c', 'c.id', 'm.case_id')
    .select(['m.member_key', 'm.position', 'm.impl_id', 'm.org_path', 'm.depends_on', 'm.case_id', 'm.started_at', 'm.note', 'c.state', 'c.snapshot', 'c.case_no', 'c.due_date', 'c.applicant_id', 'c.form_data', 'c.title'])
    .where('m.bundle_case_id', '=', bundleCaseId)
    .orderBy('m.position')
    .execute();
  return rows.map(memberRowOf);
}

export function findBundleCase(db: Db, id: string) {
  return db.selectFrom('bundle_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A bundle case with its members (and their cases), as a sync or a bundle action reads it. */
export interface BundleWithMembers {
  bc: BundleCaseRow;
  members: MemberRow[];
}

/** The members as JSON (`members_json`) beside the bundle row: one statement instead of two. */
const bundleWithMembers = compileOnce((db: Db, id: string) =>
  db
    .selectFrom('bundle_cases as bc')
    .selectAll('bc')
    .select(
      sql<(Omit<RawMemberRow, 'started_at'> & { started_at: string | null })[]>`coalesce((
        select json_agg(json_build_object('member_key', m.member_key, 'position', m.position, 'impl_id', m.impl_id, 'org_path', m.org_path, 'depends_on', m.depends_on,
          'case_id', m.case_id, 'started_at', m.started_at, 'note', m.note, 'state', c.state, 'snapshot', c.snapshot, 'case_no', c.case_no, 'due_date', c.due_date,
          'applicant_id', c.applicant_id, 'form_data', c.form_data, 'title', c.title) order by m.position)
        from bundle_members m left join cases c on c.id = m.case_id where m.bundle_case_id = bc.id), '[]'::json)`.as('members_json'),
    )
    .where('bc.id', '=', id),
);

export async function findBundleWithMembers(db: Db, id: string): Promise<BundleWithMembers | undefined> {
  const [row] = await bundleWithMembers(db, id);
  if (!row) return undefined;
  const { members_json, ...bc } = row;
  return { bc, members: members_json.map((m) => memberRowOf({ ...m, started_at: m.started_at === null ? null : new Date(m.started_at) })) };
}

/** What an application reads before it checks anything, in one statement (ADR 0049). */
export interface ApplicationContext {
  /** The bundle case this actor's Idempotency-Key already made (a retry). */
  replay_of: string | null;
  calendar_stamp: string;
  bad_credit: boolean;
  applicant: ApplicantUserRow | null;
  /** Which of the handed-in files this actor uploaded. */
  own_files: string[];
  /** The bundle and its published version (null: none, or not published). */
  bundle: { id: string; code: string; region_code: string; org_id: string; org_path: string; version_id: string } | null;
}

/**
 * The published bundle, the retry an Idempotency-Key names, the applicant's account and credit record,
 * the calendar stamp and which handed-in files the actor uploaded: everything an application reads
 * before its members' items (`memberFacts`), in one statement.
 */
export async function applicationContext(db: Db, p: { bundleId: string; applicantId: string | undefined; submittedBy: string; idempotencyKey: string | undefined; fileIds: readonly string[] }): Promise<ApplicationContext> {
  const applicant = p.applicantId ?? null;
  const files = [...new Set(p.fileIds)];
  const r = await sql<ApplicationContext>`
    select
      (select k.id from bundle_cases k where k.submitted_by = ${p.submittedBy}::uuid and k.idempotency_key = ${p.idempotencyKey ?? null}::text) as replay_of,
      ${calendarStampSql} as calendar_stamp,
      exists (select 1 from credit_records r where r.user_id = ${applicant}::uuid) as bad_credit,
      ${applicantJsonSql(applicant)} as applicant,
      ${files.length ? sql`(select coalesce(json_agg(f.file_id), '[]'::json) from file_uploads f where f.uploaded_by = ${p.submittedBy}::uuid and f.file_id in (${sql.join(files)}))` : sql`'[]'::json`} as own_files,
      (select json_build_object('id', b.id, 'code', b.code, 'region_code', b.region_code, 'org_id', b.org_id, 'org_path', o.path, 'version_id', b.published_version_id)
         from bundles b join orgs o on o.id = b.org_id where b.id = ${p.bundleId}::uuid and b.published_version_id is not null) as bundle`.execute(db);
  return r.rows[0]!;
}

/** A bundle event to insert (the actor already resolved to its id and name). */
export interface BundleEventRow {
  at: Date;
  action: string;
  actor_id: string | null;
  actor_name: string;
  member_key: string | null;
  comment: string | null;
  data: Record<string, unknown>;
}

/** Several bundle events of the bundle case `from` (a CTE or table alias with its `id`), in the order given. */
function bundleEventsInsert(name: string, from: string, events: readonly BundleEventRow[]) {
  return sql`${sql.ref(name)} as (
    insert into bundle_events (bundle_case_id, at, action, actor_id, actor_name, member_key, comment, data)
    select ${sql.ref(from)}.id, (e.v ->> 'at')::timestamptz, e.v ->> 'action', (e.v ->> 'actor_id')::uuid, e.v ->> 'actor_name', e.v ->> 'member_key', e.v ->> 'comment', e.v -> 'data'
    from ${sql.ref(from)}, jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as e(v, n)
    order by e.n)`;
}

/** The applicant's in-app notification and its outbox message (SMS / e-mail), for the bundle case `from`. */
export interface BundleNotice {
  kind: string;
  title: string;
  body: string;
}

function noticeInserts(suffix: string, from: string, bc: { id: string; applicant_id: string }, n: BundleNotice) {
  return [
    sql`${sql.ref(`n_${suffix}`)} as (insert into notifications (user_id, kind, title, body) select ${sql.ref(from)}.applicant_id, ${n.kind}, ${n.title}, ${n.body} from ${sql.ref(from)})`,
    // Due at once: the epoch, so a worker delivers it whatever its clock says.
    sql`${sql.ref(`o_${suffix}`)} as (insert into outbox (topic, payload, next_attempt_at)
      select 'notify.applicant', ${JSON.stringify({ userId: bc.applicant_id, bundleCaseId: bc.id, title: n.title })}::jsonb, 'epoch'::timestamptz from ${sql.ref(from)})`,
  ];
}

/** A member row of a new bundle case: started (its case filed in the same statement) or waiting. */
export interface NewMemberRow {
  member_key: string;
  position: number;
  impl_id: string;
  org_path: string;
  depends_on: string[];
  case_id: string | null;
  started_at: Date | null;
}

/**
 * Files a bundle application in ONE statement (ADR 0049): the bundle case (claiming its Idempotency-Key:
 * a concurrent retry writes nothing and gets undefined), its member rows, the member cases that start at
 * once with their first timeline events and materials, the bundle's events in order, the applicant's
 * notification and outbox message, and the 帮办代办 authorisation's link.
 */
export async function insertBundleFiling(
  db: Db,
  f: { bundle: Insertable<BundleCasesTable> & { id: string; applicant_id: string }; members: readonly NewMemberRow[]; cases: readonly NewMemberCase[]; events: readonly BundleEventRow[]; notice: BundleNotice; assistId: string | null },
): Promise<BundleCaseRow | undefined> {
  const insert = db.insertInto('bundle_cases').values(f.bundle).onConflict((oc) => oc.columns(['submitted_by', 'idempotency_key']).doNothing()).returningAll();
  const members = f.members.map((m) => ({ ...m, started_at: m.started_at?.toISOString() ?? null }));
  const ctes = [
    sql`b as (${insert})`,
    sql`bm as (
      insert into bundle_members (bundle_case_id, member_key, position, impl_id, org_path, depends_on, case_id, started_at)
      select b.id, x.member_key, x.position, x.impl_id, x.org_path, x.depends_on, x.case_id, x.started_at
      from b, jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as x(member_key text, position int, impl_id uuid, org_path text, depends_on jsonb, case_id uuid, started_at timestamptz))`,
    ...newMemberCasesCtes(f.cases, sql`exists (select 1 from b)`),
    bundleEventsInsert('be', 'b', f.events),
    ...noticeInserts('b', 'b', f.bundle, f.notice),
    ...(f.assistId ? [sql`ba as (update assist_authorisations a set bundle_case_id = b.id from b where a.id = ${f.assistId}::uuid)`] : []),
  ];
  const r = await sql<BundleCaseRow>`with ${sql.join(ctes, sql`, `)} select * from b`.execute(db);
  return r.rows[0];
}

/**
 * Claims members to start (nobody else starts them: `started_at` was empty) and reads what filing
 * their cases needs of the applicant — the account, the credit record — and the calendar stamp, in one
 * statement. Answers the claimed keys.
 */
export async function claimMembersForFiling(db: Db, p: { bundleCaseId: string; keys: readonly string[]; now: Date; applicantId: string }): Promise<{ claimed: string[]; applicant: ApplicantUserRow | null; bad_credit: boolean; calendar_stamp: string }> {
  const r = await sql<{ claimed: string[]; applicant: ApplicantUserRow | null; bad_credit: boolean; calendar_stamp: string }>`
    with claimed as (
      update bundle_members set started_at = ${p.now}::timestamptz, note = null
      where bundle_case_id = ${p.bundleCaseId}::uuid and member_key in (${sql.join(p.keys)}) and started_at is null
      returning member_key)
    select (select coalesce(json_agg(member_key), '[]'::json) from claimed) as claimed,
      ${applicantJsonSql(p.applicantId)} as applicant,
      exists (select 1 from credit_records r where r.user_id = ${p.applicantId}::uuid) as bad_credit,
      ${calendarStampSql} as calendar_stamp`.execute(db);
  return r.rows[0]!;
}

/** Releases claimed members that were not started after all (a later sync starts them). */
export async function releaseMembers(db: Db, bundleCaseId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.updateTable('bundle_members').set({ started_at: null }).where('bundle_case_id', '=', bundleCaseId).where('member_key', 'in', [...keys]).where('case_id', 'is', null).execute();
}

/**
 * Writes the cases of claimed members in ONE statement (ADR 0049): the cases (naming their bundle)
 * with their first events and materials, each member row naming its case, and a `member_started`
 * bundle event each, in order.
 */
export async function writeStartedMembers(db: Db, p: { bundleCaseId: string; cases: readonly (NewMemberCase & { memberKey: string })[]; events: readonly BundleEventRow[] }): Promise<void> {
  const links = p.cases.map((c) => ({ member_key: c.memberKey, case_id: c.row.id }));
  const ctes = [
    ...newMemberCasesCtes(p.cases),
    sql`bm as (
      update bundle_members m set case_id = x.case_id
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as x(member_key text, case_id uuid)
      where m.bundle_case_id = ${p.bundleCaseId}::uuid and m.member_key = x.member_key)`,
    sql`bc as (select ${p.bundleCaseId}::uuid as id)`,
    bundleEventsInsert('be', 'bc', p.events),
  ];
  await sql`with ${sql.join(ctes, sql`, `)} select count(*) from nc`.execute(db);
}

/**
 * Stores a bundle's new state if nobody moved it since it was read (lock_version), with its state
 * event and, for a state the applicant is told of, the notification and outbox message: one
 * statement. Answers the moved row, or undefined when someone else moved it first.
 */
export async function moveBundleState(db: Db, p: { bc: Pick<BundleCaseRow, 'id' | 'applicant_id' | 'lock_version'>; state: string; now: Date; event: BundleEventRow; notice: BundleNotice | null }): Promise<BundleCaseRow | undefined> {
  const ctes = [
    sql`moved as (
      update bundle_cases set state = ${p.state}, updated_at = ${p.now}::timestamptz, lock_version = ${p.bc.lock_version + 1}::int
      where id = ${p.bc.id}::uuid and lock_version = ${p.bc.lock_version}::int returning *)`,
    bundleEventsInsert('ev', 'moved', [p.event]),
    ...(p.notice ? noticeInserts('moved', 'moved', p.bc, p.notice) : []),
  ];
  const r = await sql<BundleCaseRow>`with ${sql.join(ctes, sql`, `)} select * from moved`.execute(db);
  return r.rows[0];
}

/** 统一出件's claim: the delivery is recorded once (undefined when it already was), with its `deliver` event. */
export async function claimDelivery(db: Db, p: { bundleCaseId: string; delivery: Record<string, unknown>; now: Date; event: BundleEventRow }): Promise<boolean> {
  const r = await sql<{ id: string }>`
    with claimed as (
      update bundle_cases set delivery = ${JSON.stringify(p.delivery)}::jsonb, updated_at = ${p.now}::timestamptz
      where id = ${p.bundleCaseId}::uuid and delivery is null returning id),
    ${bundleEventsInsert('ev', 'claimed', [p.event])}
    select id from claimed`.execute(db);
  return r.rows.length > 0;
}
