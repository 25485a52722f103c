import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Published versions with their implementation and implementing org (public listing and guides). */
export function publishedQuery(db: Db) {
  return db
    .selectFrom('item_impls as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select([
      'i.id as impl_id',
      'i.impl_code',
      'i.level',
      'i.region_code',
      'i.org_id',
      'o.name as org_name',
      'o.name_en as org_name_en',
      'o.short_name as org_short_name',
      'v.id as version_id',
      'v.version_no',
      'v.content',
      'v.search_text',
      'v.published_at',
    ]);
}

export function listPublished(db: Db, filter: { like?: string | undefined; orgId?: string | undefined; regionCode?: string | undefined }) {
  let q = publishedQuery(db);
  if (filter.like) q = q.where('v.search_text', 'ilike', `%${filter.like}%`);
  if (filter.orgId) q = q.where('i.org_id', '=', filter.orgId);
  if (filter.regionCode) q = q.where('i.region_code', '=', filter.regionCode);
  return q.orderBy('i.impl_code').execute();
}

export function findPublished(db: Db, implId: string) {
  return publishedQuery(db).where('i.id', '=', implId).executeTakeFirst();
}

/** An implementation with its org path (for scope checks); `forUpdate` serialises version changes. */
export function findImpl(db: Db, implId: string, opts: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('item_impls as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .innerJoin('base_items as b', 'b.id', 'i.base_item_id')
    .select(['i.id', 'i.impl_code', 'i.level', 'i.region_code', 'i.org_id', 'i.base_item_id', 'i.published_version_id', 'o.path as org_path', 'o.name as org_name', 'b.base_code'])
    .where('i.id', '=', implId);
  if (opts.forUpdate) q = q.forUpdate('i');
  return q.executeTakeFirst();
}

export function findImplByCode(db: Db, implCode: string) {
  return db.selectFrom('item_impls').selectAll().where('impl_code', '=', implCode).executeTakeFirst();
}

export function findVersion(db: Db, versionId: string) {
  return db.selectFrom('item_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
}

export function listVersions(db: Db, implId: string) {
  return db
    .selectFrom('item_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.version_no', 'v.status', 'v.revision', 'v.created_at', 'v.updated_at', 'v.submitted_at', 'v.published_at', 'v.retired_at', 'v.review_comment', 'u.display_name as created_by_name'])
    .where('v.impl_id', '=', implId)
    .orderBy('v.version_no', 'desc')
    .execute();
}

export function latestVersion(db: Db, implId: string) {
  return db.selectFrom('item_versions').selectAll().where('impl_id', '=', implId).orderBy('version_no', 'desc').limit(1).executeTakeFirst();
}

/** Implementations under the given org scope paths, with their newest version (admin list). */
export function listImplsInScopes(db: Db, scopePaths: string[]) {
  if (scopePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('item_impls as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .innerJoin('item_versions as v', (j) =>
      j.onRef('v.impl_id', '=', 'i.id').on('v.version_no', '=', (eb) => eb.selectFrom('item_versions as v2').select((e) => e.fn.max('v2.version_no').as('m')).whereRef('v2.impl_id', '=', 'i.id')),
    )
    .select(['i.id as impl_id', 'i.impl_code', 'i.level', 'i.published_version_id', 'o.name as org_name', 'o.path as org_path', 'v.id as version_id', 'v.version_no', 'v.status', 'v.content', 'v.updated_at'])
    .where((eb) => eb.or(scopePaths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('o.path')
    .orderBy('i.impl_code')
    .execute();
}

export async function appendVersionEvent(db: Db, e: { versionId: string; action: string; actorId: string | null; comment?: string | null }): Promise<void> {
  await db.insertInto('item_version_events').values({ version_id: e.versionId, action: e.action, actor_id: e.actorId, comment: e.comment ?? null }).execute();
}

export function listVersionEvents(db: Db, implId: string) {
  return db
    .selectFrom('item_version_events as e')
    .innerJoin('item_versions as v', 'v.id', 'e.version_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.comment', 'e.at', 'v.version_no', 'u.display_name as actor_name'])
    .where('v.impl_id', '=', implId)
    .orderBy('e.id', 'desc')
    .execute();
}

/** Every implementation of one base item with its published (or else newest) version, for 三级十同. */
export function implsOfBaseItem(db: Db, baseItemId: string) {
  return db
    .selectFrom('item_impls as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.id as impl_id', 'i.level', 'i.region_code', 'o.name as org_name', 'o.path as org_path', 'v.content', 'v.version_no'])
    .where('i.base_item_id', '=', baseItemId)
    .execute();
}

/** Everyone who authored a version (its creator and whoever recorded one of `actions` on it). */
export async function versionAuthorIds(db: Db, versionId: string, actions: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('item_version_events')
    .select('actor_id')
    .where('version_id', '=', versionId)
    .where('action', 'in', [...actions])
    .where('actor_id', 'is not', null)
    .union(db.selectFrom('item_versions').select('created_by as actor_id').where('id', '=', versionId).where('created_by', 'is not', null))
    .execute();
  return rows.map((r) => r.actor_id as string);
}

/** The 四眼原则 setting that governs a region: its own row, else its nearest ancestor's; none → on. */
export async function regionFourEyes(db: Db, regionCode: string): Promise<{ fourEyes: boolean; regionCode: string | null; reason: string | null }> {
  const row = await db
    .withRecursive('up(code, parent_code, depth)', (qb) =>
      qb
        .selectFrom('regions')
        .select(['code', 'parent_code', sql<number>`0`.as('depth')])
        .where('code', '=', regionCode)
        .unionAll((q) => q.selectFrom('regions as r').innerJoin('up', 'up.parent_code', 'r.code').select(['r.code', 'r.parent_code', sql<number>`up.depth + 1`.as('depth')])),
    )
    .selectFrom('up')
    .innerJoin('catalogue_region_settings as s', 's.region_code', 'up.code')
    .select(['s.four_eyes', 's.region_code', 's.reason'])
    .orderBy('up.depth')
    .limit(1)
    .executeTakeFirst();
  return row ? { fourEyes: row.four_eyes, regionCode: row.region_code, reason: row.reason } : { fourEyes: true, regionCode: null, reason: null };
}

export async function saveRegionSettings(db: Db, s: { regionCode: string; fourEyes: boolean; reason: string | null; changedBy: string }): Promise<void> {
  await db
    .insertInto('catalogue_region_settings')
    .values({ region_code: s.regionCode, four_eyes: s.fourEyes, reason: s.reason, changed_by: s.changedBy, changed_at: new Date() })
    .onConflict((oc) => oc.column('region_code').doUpdateSet({ four_eyes: s.fourEyes, reason: s.reason, changed_by: s.changedBy, changed_at: new Date() }))
    .execute();
}
