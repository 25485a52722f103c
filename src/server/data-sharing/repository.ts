import { sql, type Insertable } from 'kysely';
import type { DataAccessLogTable } from '../db/schema.js';
import type { Db } from '../db/transaction.js';

/** Kysely queries of data sharing: the case a query is for, and the append-only access log. */

/** The case with what the policy needs: its relation facts and its applicant's kind. */
export function findCaseForQuery(db: Db, id: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('users as u', 'u.id', 'c.applicant_id')
    .select(['c.id', 'c.case_no', 'c.applicant_id', 'c.org_path', 'c.state', 'c.snapshot', 'c.current_step', 'c.version_id', 'u.kind as applicant_kind'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type AccessEntry = Omit<Insertable<DataAccessLogTable>, 'fields' | 'org_name'> & { fields: string[] };

/** Appends one entry; the org's name is copied as it is now (a later rename does not rewrite the log). */
export async function appendAccess(db: Db, e: AccessEntry): Promise<void> {
  await db
    .insertInto('data_access_log')
    .values({ ...e, fields: JSON.stringify(e.fields), org_name: sql<string | null>`(select name from orgs where id = ${e.org_id ?? null}::uuid)` })
    .execute();
}

const ENTRY_COLUMNS = ['id', 'at', 'actor_id', 'actor_name', 'actor_role', 'org_id', 'org_name', 'case_id', 'case_no', 'subject_id', 'purpose', 'source', 'source_owner', 'fields', 'outcome', 'error', 'material_id', 'answer_digest'] as const;

/** 数据使用记录: every read of one person's data, newest first. */
export function listForSubject(db: Db, subjectId: string, limit: number) {
  return db.selectFrom('data_access_log').select(ENTRY_COLUMNS).where('subject_id', '=', subjectId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
}

/** The reads made for one case, oldest first. */
export function listForCase(db: Db, caseId: string) {
  return db.selectFrom('data_access_log').select(ENTRY_COLUMNS).where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}

/** The log for an audit export, in time order, with the subject's display name. */
export function listForExport(db: Db, filter: { from?: Date | undefined; to?: Date | undefined }, limit: number) {
  let q = db
    .selectFrom('data_access_log as l')
    .innerJoin('users as s', 's.id', 'l.subject_id')
    .select(ENTRY_COLUMNS.map((c) => `l.${c}` as const))
    .select('s.display_name as subject_name');
  if (filter.from) q = q.where('l.at', '>=', filter.from);
  if (filter.to) q = q.where('l.at', '<', filter.to);
  return q.orderBy('l.at').orderBy('l.id').limit(limit).execute();
}

export type AccessRow = Awaited<ReturnType<typeof listForSubject>>[number];

/** Titles of cases by id (for the person's list). */
export async function caseTitles(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'title']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
