import { compileOnce } from '../db/compile-once.js';
import { itemTitleEn } from '../../core/catalogue/names.js';
import { CompiledQuery, sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { CaseEventRow, CaseRow, CasesTable, PublicEvent, UsersTable } from '../db/schema.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { actionLabel, STATE_LABELS } from './labels.js';
import { calendarStampSql } from '../calendar/service.js';
import { supervisionStampSql } from '../supervision/settings-cache.js';
import { chainEvent, type TimelineEvent, type TimelineEventBody } from '../../core/cases/timeline.js';
import { sm3Hex } from './timeline-hash.js';
import { milestoneOf } from '../../core/cases/milestones.js';

/** The user columns an applicant's identity is read from (`applicantFrom` in the case service). */
export const APPLICANT_COLUMNS = ['id', 'kind', 'display_name', 'id_number', 'credit_code', 'legal_representative', 'disabled'] as const;
export type ApplicantUserRow = Pick<Selectable<UsersTable>, (typeof APPLICANT_COLUMNS)[number]>;

/** The applicant's row as one JSON value (null: no such account), for a read that carries it beside other facts. */
export const applicantJsonSql = (applicantId: string | null) =>
  sql<ApplicantUserRow | null>`(select row_to_json(a) from (select ${sql.join(APPLICANT_COLUMNS.map((c) => sql.ref(c)))} from users where id = ${applicantId}::uuid) a)`;

export function findCase(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('cases').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The case row with the working-calendar and 电子监察 settings stamps, in one round trip (commands read this, unlocked). */
/** The case a command decides on, with the calendar and supervision-settings stamps; built and compiled once. */
const caseForCommand = compileOnce((db: Db, id: string) =>
  db.selectFrom('cases').selectAll().select([calendarStampSql.as('calendar_stamp'), supervisionStampSql.as('supervision_stamp')]).where('id', '=', id),
);
export async function findCaseForCommand(db: Db, id: string) {
  const [row] = await caseForCommand(db, id);
  return row;
}

/** Several cases as `findCaseForCommand` reads one (a bundle action on its members, ADR 0049): one statement. */
export async function findCasesForCommand(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').selectAll().select([calendarStampSql.as('calendar_stamp'), supervisionStampSql.as('supervision_stamp')]).where('id', 'in', [...ids]).execute();
}

/** A case with everything its view shows, in one round trip. */
export async function findCaseView(db: Db, id: string) {
  const r = await sql<CaseRow & { calendar_stamp: string; events_json: (Omit<CaseEventRow, 'at'> & { at: string })[]; materials_json: { material_id: string; file_id: string | null; file_name: string | null; library_id: string | null }[]; applicant_json: { display_name: string; id_number: string | null; credit_code: string | null } | null }>`
    select c.*, ${calendarStampSql} as calendar_stamp,
      (select coalesce(json_agg(e order by e.seq), '[]'::json) from case_events e where e.case_id = c.id) as events_json,
      (select coalesce(json_agg(json_build_object('material_id', m.material_id, 'file_id', m.file_id, 'file_name', m.file_name, 'library_id', m.library_id) order by m.created_at), '[]'::json)
         from case_materials m where m.case_id = c.id) as materials_json,
      (select json_build_object('display_name', u.display_name, 'id_number', u.id_number, 'credit_code', u.credit_code) from users u where u.id = c.applicant_id) as applicant_json
    from cases c where c.id = ${id}::uuid`.execute(db);
  const found = r.rows[0];
  if (!found) return undefined;
  const { calendar_stamp, events_json, materials_json, applicant_json, ...row } = found;
  return {
    row: row as CaseRow,
    calendarStamp: calendar_stamp,
    events: events_json.map((e): CaseEventRow => ({ ...e, at: new Date(e.at) })),
    materials: materials_json,
    applicant: applicant_json,
  };
}

/**
 * A case's public progress answer by number and query code (undefined for a wrong pair), as JSON text
 * built by PostgreSQL from one indexed row: the stored public timeline is passed through verbatim, so
 * the server neither parses nor re-serialises it. Fixed SQL text, prepared once per connection.
 */
export async function findProgressJson(db: Db, caseNo: string, queryCode: string): Promise<string | undefined> {
  const r = await db.executeQuery<{ body: string | null }>(CompiledQuery.raw(PROGRESS_SQL, [caseNo, queryCode]));
  return r.rows[0]?.body ?? undefined;
}
const STATE_LABEL_VALUES = Object.entries(STATE_LABELS)
  .map(([state, l]) => `(${[state, l.zh, l.en].map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`)
  .join(', ');
/**
 * 敏感事项 (family matters, social assistance): the public look-up names them neutrally (finding 11). The
 * title is kept on the case row (cases.public_title, written by the submission, or by a trigger for other writers); keep the
 * trigger's text (migration 202612011201) in step with this constant.
 */
export const SENSITIVE_PUBLIC_TITLE = '政务服务事项';
/**
 * The progress answer's JSON text for a case number and query code given as the placeholders named
 * (e.g. '$1', '$2'): a select of one value, usable on its own or as a scalar subquery (case_no is unique),
 * so the look-up's guard can read its counters in the same statement (progress-guard.ts).
 */
export const PROGRESS_BODY_SQL = (caseNo: string, queryCode: string) => `
  select json_build_object('caseNo', c.case_no, 'title', coalesce(c.public_title, c.title), 'state', c.state, 'stateZh', coalesce(l.zh, c.state), 'stateEn', coalesce(l.en, c.state),
    'acceptedOn', c.accepted_on, 'dueDate', c.due_date, 'timeline', c.public_timeline,
    'timelineVerified', c.timeline_ok, 'timelineCheckedAt', c.timeline_checked_at, 'timelineCheckedEvents', c.timeline_checked_seq)::text
  from cases c left join (values ${STATE_LABEL_VALUES}) as l(state, zh, en) on l.state = c.state
  where c.case_no = ${caseNo} and c.query_code = ${queryCode}`;
const PROGRESS_SQL = `select (${PROGRESS_BODY_SQL('$1', '$2')}) as body`;

/** Published item versions never change (cases pin them), so their content is cached per process. */
const versionContents = new Map<string, ItemContent>();
export async function publishedContent(db: Db, versionId: string): Promise<ItemContent | undefined> {
  const hit = versionContents.get(versionId);
  if (hit) return hit;
  const v = await db.selectFrom('item_versions').select(['content', 'status']).where('id', '=', versionId).executeTakeFirst();
  if (v && (v.status === 'published' || v.status === 'retired')) {
    if (versionContents.size >= 500) versionContents.delete(versionContents.keys().next().value as string);
    versionContents.set(versionId, v.content);
  }
  return v?.content;
}

/**
 * The content of several item versions: the published (and retired) ones from the cache above, the rest
 * read in one statement (ADR 0049: a bundle's member items, read for every member at once).
 */
export async function itemVersionContents(db: Db, versionIds: readonly string[]): Promise<Map<string, ItemContent>> {
  const out = new Map<string, ItemContent>();
  const missing = [...new Set(versionIds)].filter((id) => {
    const hit = versionContents.get(id);
    if (hit) out.set(id, hit);
    return !hit;
  });
  if (missing.length === 0) return out;
  const rows = await db.selectFrom('item_versions').select(['id', 'content', 'status']).where('id', 'in', missing).execute();
  for (const v of rows) {
    out.set(v.id, v.content);
    if (v.status === 'published' || v.status === 'retired') {
      if (versionContents.size >= 500) versionContents.delete(versionContents.keys().next().value as string);
      versionContents.set(v.id, v.content);
    }
  }
  return out;
}

/** Material names of a case's pinned item version. */
export async function materialNamesOf(db: Db, versionId: string): Promise<Record<string, string>> {
  const content = await publishedContent(db, versionId);
  return Object.fromEntries((content?.materials ?? []).map((m) => [m.id, m.name]));
}

/** What a command changes on the case row. */
export interface CaseChanges {
  state: string;
  snapshot: unknown;
  acceptedOn: string | null;
  dueDate: string | null;
  decidedOn: string | null;
  currentStep: string | null;
  claimedBy: string | null;
  completedAt: Date | null;
  numbering?: { caseNo: string; queryCode: string; submittedAt: Date };
}

/** What is written with the case row in the same statement (each insert selects from the written row `u`). */
export interface CaseWriteFollowers {
  event: TimelineEvent;
  actorName: string | null;
  /** `libraryId`: the file was taken from the applicant's 我的材料 (ADR 0038). */
  materials: { materialId: string; fileId: string; fileName: string; uploadedBy: string | null; libraryId?: string | null }[];
  notification: { userId: string; kind: string; title: string; body: string } | null;
  outbox: { topic: string; payload: Record<string, unknown> }[];
  commitmentCheck?: { orgPath: string; materialIds: string[] } | null;
}

/**
 * What an after-command hook reads (or allots) in the command's own write statement: optional CTEs and
 * one value, both SQL over the written row `u` (no row written, nothing read). Its value comes back as
 * column `probe_<i>` of the written row, so a hook that does not apply costs no round trip.
 */
export interface CommandProbe {
  ctes?: RawBuilder<unknown>[];
  value: RawBuilder<unknown>;
}

export interface CommandWrite extends CaseWriteFollowers {
  /** The case row the command was decided on (its lock_version guards the write). */
  before: CaseRow;
  changes: CaseChanges;
  now: Date;
  /** The after-command hooks' reads, evaluated with the write (values returned as `probe_<i>`). */
  probes?: readonly CommandProbe[];
}

/**
 * The public view of an event, as the progress read model stores it — or null for an internal step
 * (签收, 退回待办, 转下一环节 …): the public page shows milestones only (src/core/cases/milestones.ts).
 */
export function publicEventOf(e: TimelineEvent): PublicEvent | null {
  if (milestoneOf(e.action) === null) return null;
  const label = actionLabel(e.action);
  return { seq: e.seq, at: e.at, action: e.action, labelZh: label.zh, labelEn: label.en, toState: e.toState, actorName: null, actorRole: e.actorRole, comment: null, files: [], data: {} };
}

/** The public timeline of some events, as json text for a new case row. */
export function publicTimelineOf(events: readonly TimelineEvent[]): string {
  return JSON.stringify(events.map(publicEventOf).filter((p): p is PublicEvent => p !== null));
}

/** The inserts that go with a written case row, each selecting from the CTE `u` that wrote it (named `<u>_ev`, `<u>_m` … when several cases are written at once). */
function followerCtes(w: CaseWriteFollowers, u = 'u') {
  const e = w.event;
  const from = sql.ref(u);
  const name = (n: string) => sql.ref(u === 'u' ? n : `${u}_${n}`);
  const parts = [
    sql`${name('ev')} as (
      insert into case_events (case_id, seq, at, actor_id, actor_role, actor_name, org_id, action, from_state, to_state, comment, files, data, prev_hash, hash)
      select ${from}.id, ${e.seq}::int, ${e.at}::timestamptz, ${e.actorId}::uuid, ${e.actorRole}, ${w.actorName}, ${e.orgId}::uuid, ${e.action}, ${e.fromState},
             ${e.toState}, ${e.comment}, ${JSON.stringify(e.files)}::jsonb, ${JSON.stringify(e.data)}::jsonb, ${e.prevHash}, ${e.hash} from ${from})`,
  ];
  if (w.materials.length) {
    parts.push(sql`${name('m')} as (
      insert into case_materials (case_id, material_id, file_id, file_name, uploaded_by, library_id)
      select ${from}.id, x.material_id, x.file_id, x.file_name, x.uploaded_by, x.library_id
      from ${from}, jsonb_to_recordset(${JSON.stringify(w.materials.map((m) => ({ material_id: m.materialId, file_id: m.fileId, file_name: m.fileName, uploaded_by: m.uploadedBy, library_id: m.libraryId ?? null })))}::jsonb)
           as x(material_id text, file_id text, file_name text, uploaded_by uuid, library_id uuid))`);
  }
  if (w.notification) {
    const n = w.notification;
    parts.push(sql`${name('n')} as (insert into notifications (user_id, case_id, kind, title, body) select ${n.userId}::uuid, ${from}.id, ${n.kind}, ${n.title}, ${n.body} from ${from})`);
  }
  if (w.outbox.length) {
    // Due at once: the epoch, so a worker delivers it whatever its clock says.
    parts.push(sql`${name('o')} as (
      insert into outbox (topic, payload, next_attempt_at)
      select x.topic, x.payload, 'epoch'::timestamptz from ${from}, jsonb_to_recordset(${JSON.stringify(w.outbox)}::jsonb) as x(topic text, payload jsonb))`);
  }
  if (w.commitmentCheck) {
    parts.push(sql`${name('cc')} as (
      insert into commitment_checks (case_id, org_path, material_ids)
      select ${from}.id, ${w.commitmentCheck.orgPath}, ${JSON.stringify(w.commitmentCheck.materialIds)}::jsonb from ${from}
      on conflict (case_id) do nothing)`);
  }
  return parts;
}

/**
 * Writes a decided command in ONE statement: the case row (guarded by lock_version, so a concurrent
 * command makes it write nothing), the next hash-chained timeline event, the public progress entry,
 * attached materials, the applicant's notification, outbox messages and a 告知承诺 check. Every insert
 * selects from the updated row, so either all of it is written or none. Returns the new case row and
 * the probes' values, or undefined when the version moved on (the caller re-reads and decides again).
 *
 * The statement returns only the probes: the new row is the row the command was decided on with the
 * columns this statement sets (`rowAfterCommand`), so PostgreSQL does not serialise the snapshot, the
 * sealed form data and the public timeline back to the server on every command (issue 8's benchmark).
 * test/command-row.test.ts holds the two equal: after every command of a lifecycle the returned row is
 * the stored row.
 */
export async function writeCommand(db: Db, w: CommandWrite): Promise<{ row: CaseRow; probed: unknown[] } | undefined> {
  const probes = w.probes ?? [];
  const probeCtes = probes.flatMap((p) => p.ctes ?? []);
  const probeColumns = probes.map((p, i) => sql`, ${p.value} as ${sql.ref(`probe_${i}`)}`);
  const r = await sql<Record<`probe_${number}`, unknown>>`with ${sql.join([commandUpdate(w, 'u'), ...followerCtes(w), ...probeCtes], sql`, `)} select true as written${sql.join(probeColumns, sql``)} from u`.execute(db);
  const written = r.rows[0];
  if (!written) return undefined;
  return { row: rowAfterCommand(w.before, w.changes, w.event, publicEventOf(w.event), w.now), probed: probes.map((_, i) => written[`probe_${i}`]) };
}

/**
 * Writes several decided commands, each on its own case and guarded by its own lock_version, in ONE
 * statement (a bundle action on its members: 统一出件, ADR 0049). Hooks' probes are not supported: a
 * command whose hooks read something with its write goes through `writeCommand`. Returns the rows
 * written (as `rowAfterCommand` builds them); a case missing from the answer moved on (the caller
 * decides that one again).
 */
export async function writeCommands(db: Db, ws: readonly Omit<CommandWrite, 'probes'>[]): Promise<CaseRow[]> {
  if (ws.length === 0) return [];
  const names = ws.map((_, i) => `u${i}`);
  const ctes = ws.flatMap((w, i) => [commandUpdate(w, names[i]!), ...followerCtes(w, names[i])]);
  const r = await sql<{ i: number }>`with ${sql.join(ctes, sql`, `)} ${sql.join(names.map((n, i) => sql`select ${sql.lit(i)} as i from ${sql.ref(n)}`), sql` union all `)}`.execute(db);
  return r.rows.map(({ i }) => {
    const w = ws[Number(i)]!;
    return rowAfterCommand(w.before, w.changes, w.event, publicEventOf(w.event), w.now);
  });
}

/** The CTE `<u>` updating the case row of a decided command (guarded by lock_version and the timeline head). */
function commandUpdate(w: Omit<CommandWrite, 'probes'>, u: string) {
  const c = w.changes;
  const e = w.event;
  const publicEntry = publicEventOf(e);
  return sql`${sql.ref(u)} as (
      update cases set
        state = ${c.state}, snapshot = ${JSON.stringify(c.snapshot)}::jsonb,
        accepted_on = ${c.acceptedOn}::date, due_date = ${c.dueDate}::date, decided_on = ${c.decidedOn}::date,
        current_step = ${c.currentStep}, claimed_by = ${c.claimedBy}::uuid, completed_at = ${c.completedAt}::timestamptz,
        case_no = coalesce(${c.numbering?.caseNo ?? null}::text, case_no),
        query_code = coalesce(${c.numbering?.queryCode ?? null}::text, query_code),
        submitted_at = coalesce(${c.numbering?.submittedAt ?? null}::timestamptz, submitted_at),
        lock_version = lock_version + 1, event_seq = ${e.seq}::int, event_hash = ${e.hash},
        -- Append a milestone to the json array as text (json keeps key order as written; the array always ends in ']'); internal steps leave it.
        public_timeline = ${publicEntry === null ? sql`public_timeline` : sql`(left(public_timeline::text, -1) || case when public_timeline::text = '[]' then '' else ',' end || ${JSON.stringify(publicEntry)} || ']')::json`},
        timeline_checked_at = null, updated_at = ${w.now}::timestamptz
      where id = ${w.before.id}::uuid and lock_version = ${w.before.lock_version}::int and event_seq = ${e.seq - 1}::int
      returning *)`;
}

/** The case row as `writeCommand`'s update leaves it: keep the two in step (test/command-row.test.ts). */
export function rowAfterCommand(before: CaseRow, c: CaseChanges, e: TimelineEvent, publicEntry: PublicEvent | null, now: Date): CaseRow {
  return {
    ...before,
    state: c.state,
    snapshot: c.snapshot as CaseRow['snapshot'],
    accepted_on: c.acceptedOn,
    due_date: c.dueDate,
    decided_on: c.decidedOn,
    current_step: c.currentStep,
    claimed_by: c.claimedBy,
    completed_at: c.completedAt,
    case_no: c.numbering?.caseNo ?? before.case_no,
    query_code: c.numbering?.queryCode ?? before.query_code,
    submitted_at: c.numbering?.submittedAt ?? before.submitted_at,
    lock_version: before.lock_version + 1,
    event_seq: e.seq,
    event_hash: e.hash,
    public_timeline: publicEntry === null ? before.public_timeline : [...before.public_timeline, publicEntry],
    timeline_checked_at: null,
    updated_at: now,
  };
}

/** A new, submitted case with everything that goes with it. */
export interface NewCaseWrite extends CaseWriteFollowers {
  row: NewCaseRow;
  /** Claim this Idempotency-Key for the case; when another request holds it, nothing is written. */
  idempotency: { userId: string; key: string } | null;
}

const NEW_CASE_COLUMNS = [
  'id', 'case_no', 'query_code', 'impl_id', 'version_id', 'org_id', 'org_path', 'region_code', 'applicant_id', 'channel', 'state',
  'snapshot', 'form_data', 'situation_answers', 'title', 'public_title', 'submitted_at', 'event_seq', 'event_hash', 'public_timeline', 'created_at', 'updated_at',
] as const;

/** The columns a new case is inserted with, all required (JSON columns as their text, as Kysely inserts them). */
export type NewCaseRow = { [K in (typeof NEW_CASE_COLUMNS)[number]]-?: NonNullable<Insertable<CasesTable>[K]> };

/**
 * Inserts a submitted case, its first timeline event, materials, notification and outbox message in
 * one statement. With an Idempotency-Key the insert depends on claiming the key: a concurrent retry
 * waits for the first, then claims nothing and writes nothing (undefined: the caller answers with the
 * first case).
 */
/** A new case row's values, in the order of NEW_CASE_COLUMNS. */
function newCaseValues(r0: NewCaseRow) {
  return sql`${r0.id}::uuid, ${r0.case_no}, ${r0.query_code}, ${r0.impl_id}::uuid, ${r0.version_id}::uuid, ${r0.org_id}::uuid, ${r0.org_path}, ${r0.region_code},
      ${r0.applicant_id}::uuid, ${r0.channel}, ${r0.state}, ${r0.snapshot}::jsonb, ${r0.form_data}::jsonb, ${r0.situation_answers}::jsonb, ${r0.title}, ${r0.public_title},
      ${r0.submitted_at}::timestamptz, ${r0.event_seq}::int, ${r0.event_hash}, ${r0.public_timeline}::json, ${r0.created_at}::timestamptz, ${r0.updated_at}::timestamptz`;
}

export async function writeNewCase(db: Db, w: NewCaseWrite): Promise<CaseRow | undefined> {
  const r0 = w.row;
  const cols = sql.join(NEW_CASE_COLUMNS.map((c) => sql.ref(c)));
  const values = newCaseValues(r0);
  const parts = w.idempotency
    ? [
        sql`k as (
          insert into idempotency_keys (user_id, key, case_id) values (${w.idempotency.userId}::uuid, ${w.idempotency.key}, ${r0.id}::uuid)
          on conflict (user_id, key) do nothing returning case_id)`,
        sql`u as (insert into cases (${cols}) select ${values} from k returning *)`,
      ]
    : [sql`u as (insert into cases (${cols}) values (${values}) returning *)`];
  const r = await sql<CaseRow>`with ${sql.join([...parts, ...followerCtes(w)], sql`, `)} select * from u`.execute(db);
  return r.rows[0];
}

/** A 一件事 member case to insert (ADR 0049): it names its bundle and, as a member, notifies no one itself. */
export interface NewMemberCase {
  row: NewCaseRow & { bundle_case_id: string };
  event: TimelineEvent;
  actorName: string | null;
  materials: CaseWriteFollowers['materials'];
}

/**
 * CTEs inserting several new member cases with their first timeline events and materials — what
 * `writeNewCase` writes for one case, for all of them in one statement (`nc`, `nc_ev`, `nc_m`). With
 * `gate` (an SQL condition, e.g. that the bundle case was inserted by the same statement) nothing is
 * written unless it holds.
 */
export function newMemberCasesCtes(cases: readonly NewMemberCase[], gate?: RawBuilder<unknown>): RawBuilder<unknown>[] {
  if (cases.length === 0) return [];
  const cols = sql.join([...NEW_CASE_COLUMNS, 'bundle_case_id'].map((c) => sql.ref(c)));
  const rows = sql.join(cases.map((c) => sql`(${newCaseValues(c.row)}, ${c.row.bundle_case_id}::uuid)`));
  const events = cases.map(({ event: e, actorName }) => ({
    case_id: e.caseId, seq: e.seq, at: e.at, actor_id: e.actorId, actor_role: e.actorRole, actor_name: actorName, org_id: e.orgId, action: e.action,
    from_state: e.fromState, to_state: e.toState, comment: e.comment, files: e.files, data: e.data, prev_hash: e.prevHash, hash: e.hash,
  }));
  const materials = cases.flatMap((c) => c.materials.map((m) => ({ case_id: c.row.id, material_id: m.materialId, file_id: m.fileId, file_name: m.fileName, uploaded_by: m.uploadedBy, library_id: m.libraryId ?? null })));
  return [
    sql`nc as (insert into cases (${cols}) select * from (values ${rows}) as v (${cols}) ${gate ? sql`where ${gate}` : sql``} returning id)`,
    sql`nc_ev as (
      insert into case_events (case_id, seq, at, actor_id, actor_role, actor_name, org_id, action, from_state, to_state, comment, files, data, prev_hash, hash)
      select x.case_id, x.seq, x.at, x.actor_id, x.actor_role, x.actor_name, x.org_id, x.action, x.from_state, x.to_state, x.comment, x.files, x.data, x.prev_hash, x.hash
      from nc join jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(case_id uuid, seq int, at timestamptz, actor_id uuid, actor_role text, actor_name text, org_id uuid,
           action text, from_state text, to_state text, comment text, files jsonb, data jsonb, prev_hash text, hash text) on x.case_id = nc.id)`,
    ...(materials.length
      ? [
          sql`nc_m as (
            insert into case_materials (case_id, material_id, file_id, file_name, uploaded_by, library_id)
            select x.case_id, x.material_id, x.file_id, x.file_name, x.uploaded_by, x.library_id
            from nc join jsonb_to_recordset(${JSON.stringify(materials)}::jsonb) as x(case_id uuid, material_id text, file_id text, file_name text, uploaded_by uuid, library_id uuid) on x.case_id = nc.id)`,
        ]
      : []),
  ];
}

export function toTimelineEvent(r: CaseEventRow): TimelineEvent {
  return {
    caseId: r.case_id,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    orgId: r.org_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    files: r.files,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function listEvents(db: Db, caseId: string) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

/** The first event of a new case's timeline (the case row is inserted with it as its head). */
export function firstEvent(body: Omit<TimelineEventBody, 'seq'>): TimelineEvent {
  return chainEvent(undefined, { ...body, seq: 1 }, sm3Hex);
}

/** The event after the case's current head (seq and hash kept on the case row). */
export function nextEvent(head: { event_seq: number; event_hash: string }, body: Omit<TimelineEventBody, 'seq'>): TimelineEvent {
  return chainEvent(head.event_seq === 0 ? undefined : { hash: head.event_hash }, { ...body, seq: head.event_seq + 1 }, sm3Hex);
}

/** Inserts a chained event whose case row (and head) the caller writes in the same transaction. */
export async function insertEvent(db: Db, event: TimelineEvent, actorName: string | null): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      case_id: event.caseId,
      seq: event.seq,
      at: event.at,
      actor_id: event.actorId,
      actor_role: event.actorRole,
      actor_name: actorName,
      org_id: event.orgId,
      action: event.action,
      from_state: event.fromState,
      to_state: event.toState,
      comment: event.comment,
      files: JSON.stringify(event.files),
      data: JSON.stringify(event.data),
      prev_hash: event.prevHash,
      hash: event.hash,
    })
    .execute();
}

/** The next daily sequence for a case-number prefix (implementation code + day), atomically. */
export async function nextCaseSeq(db: Db, prefix: string): Promise<number> {
  const r = await sql<{ last_seq: number }>`
    insert into case_no_sequences (prefix, last_seq) values (${prefix}, 1)
    on conflict (prefix) do update set last_seq = case_no_sequences.last_seq + 1
    returning last_seq`.execute(db);
  return Number(r.rows[0]?.last_seq ?? 1);
}

/**
 * Case numbers for several prefixes at once (a 一件事 and the member cases it files, ADR 0049): the next
 * daily sequence numbers of each prefix, as many as it occurs, in one statement. The prefixes are locked
 * in sorted order, so two such statements never wait for each other in a cycle.
 */
export async function nextCaseSeqs(db: Db, prefixes: readonly string[]): Promise<Map<string, number[]>> {
  const counts = new Map<string, number>();
  for (const p of prefixes) counts.set(p, (counts.get(p) ?? 0) + 1);
  const out = new Map<string, number[]>();
  if (counts.size === 0) return out;
  const wanted = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([prefix, n]) => ({ prefix, n }));
  const r = await sql<{ prefix: string; last_seq: number }>`
    insert into case_no_sequences (prefix, last_seq)
    select x.prefix, x.n from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as x(prefix text, n int) order by x.prefix
    on conflict (prefix) do update set last_seq = case_no_sequences.last_seq + excluded.last_seq
    returning prefix, last_seq`.execute(db);
  for (const row of r.rows) {
    const n = counts.get(row.prefix) ?? 0;
    const last = Number(row.last_seq);
    out.set(row.prefix, Array.from({ length: n }, (_, i) => last - n + 1 + i));
  }
  return out;
}

/**
 * The English titles of the items some cases were filed under (English mode; issue 9), by version id:
 * read from the pinned versions' content (cached per version), null where the catalogue has none.
 */
export async function englishTitles(db: Db, versionIds: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(versionIds)];
  const contents = await Promise.all(unique.map((id) => publishedContent(db, id)));
  return new Map(unique.map((id, i) => [id, contents[i] ? itemTitleEn(contents[i]) : null]));
}

export function listApplicantCases(db: Db, applicantId: string) {
  return db.selectFrom('cases').selectAll().where('applicant_id', '=', applicantId).orderBy('created_at', 'desc').limit(200).execute();
}

/** Inbox: running cases under the scope paths whose current step is one of the roles. */
export function listInbox(db: Db, scopePaths: string[], states: string[]) {
  if (scopePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or(scopePaths.map((p) => eb('org_path', 'like', `${p}%`))))
    .where('state', 'in', states)
    .orderBy('due_date')
    .limit(500)
    .execute();
}

