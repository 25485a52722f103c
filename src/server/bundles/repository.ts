import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import type { BundleContent, MemberFacts } from '../../core/bundles/types.js';
import { itemVersionContents } from '../cases/repository.js';

/** Kysely queries for bundle definitions (一件事目录). No rules here: the services hold them. */

export function findBundle(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('bundles as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .select(['b.id', 'b.code', 'b.org_id', 'b.region_code', 'b.published_version_id', 'o.path as org_path', 'o.name as org_name'])
    .where('b.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate('b');
  return q.executeTakeFirst();
}

export function findVersion(db: Db, id: string) {
  return db.selectFrom('bundle_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function latestVersion(db: Db, bundleId: string) {
  return db.selectFrom('bundle_versions').selectAll().where('bundle_id', '=', bundleId).orderBy('version_no', 'desc').limit(1).executeTakeFirst();
}

export function listVersions(db: Db, bundleId: string) {
  return db
    .selectFrom('bundle_versions')
    .select(['id', 'version_no', 'status', 'revision', 'created_at', 'updated_at', 'submitted_at', 'published_at', 'retired_at', 'review_comment'])
    .where('bundle_id', '=', bundleId)
    .orderBy('version_no', 'desc')
    .execute();
}

export function listVersionEvents(db: Db, bundleId: string) {
  return db
    .selectFrom('bundle_version_events as e')
    .innerJoin('bundle_versions as v', 'v.id', 'e.version_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.comment', 'e.at', 'v.version_no', 'u.display_name as actor_name'])
    .where('v.bundle_id', '=', bundleId)
    .orderBy('e.id', 'desc')
    .execute();
}

export async function appendVersionEvent(db: Db, e: { versionId: string; action: string; actorId: string | null; comment?: string | null }): Promise<void> {
  await db.insertInto('bundle_version_events').values({ version_id: e.versionId, action: e.action, actor_id: e.actorId, comment: e.comment ?? null }).execute();
}

export async function versionAuthorIds(db: Db, versionId: string, actions: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('bundle_version_events')
    .select('actor_id')
    .where('version_id', '=', versionId)
    .where('action', 'in', [...actions])
    .where('actor_id', 'is not', null)
    .union(db.selectFrom('bundle_versions').select('created_by as actor_id').where('id', '=', versionId).where('created_by', 'is not', null))
    .execute();
  return rows.map((r) => r.actor_id as string);
}

/** Bundles owned by orgs under the given scope paths, with their newest version. */
export function listBundlesInScopes(db: Db, scopePaths: string[]) {
  if (scopePaths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('bundles as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .innerJoin('bundle_versions as v', (j) =>
      j.onRef('v.bundle_id', '=', 'b.id').on('v.version_no', '=', (eb) => eb.selectFrom('bundle_versions as v2').select((e) => e.fn.max('v2.version_no').as('m')).whereRef('v2.bundle_id', '=', 'b.id')),
    )
    .select(['b.id', 'b.code', 'b.published_version_id', 'o.name as org_name', 'o.path as org_path', 'v.id as version_id', 'v.version_no', 'v.status', 'v.content', 'v.updated_at'])
    .where((eb) => eb.or(scopePaths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('b.code')
    .execute();
}

export function listPublishedBundles(db: Db, regionCode?: string) {
  let q = db
    .selectFrom('bundles as b')
    .innerJoin('bundle_versions as v', 'v.id', 'b.published_version_id')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .select(['b.id', 'b.code', 'b.region_code', 'o.name as org_name', 'v.id as version_id', 'v.version_no', 'v.content', 'v.published_at']);
  if (regionCode) q = q.where('b.region_code', '=', regionCode);
  return q.orderBy('b.code').execute();
}

export function findPublishedBundle(db: Db, id: string) {
  return db
    .selectFrom('bundles as b')
    .innerJoin('bundle_versions as v', 'v.id', 'b.published_version_id')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .select(['b.id', 'b.code', 'b.region_code', 'b.org_id', 'o.name as org_name', 'o.path as org_path', 'v.id as version_id', 'v.version_no', 'v.content', 'v.published_at'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** The region and its ancestors (a bundle takes members of its region or above). */
export async function regionAndAncestors(db: Db, regionCode: string): Promise<string[]> {
  const rows = await db
    .withRecursive('up(code, parent_code)', (qb) =>
      qb
        .selectFrom('regions')
        .select(['code', 'parent_code'])
        .where('code', '=', regionCode)
        .unionAll((q) => q.selectFrom('regions as r').innerJoin('up', 'up.parent_code', 'r.code').select(['r.code', 'r.parent_code'])),
    )
    .selectFrom('up')
    .select('code')
    .execute();
  return rows.map((r) => r.code);
}

/** Besides the rules' facts: where the member's cases go, the version a case is filed under, and the item content (for checking a member's form). */
export interface MemberExtra {
  orgPath: string;
  orgId: string;
  implCode: string;
  regionCode: string;
  /** The version read: the published one when `published`, else the newest. */
  versionId: string;
  content: ItemContent;
}

/**
 * What the rules need of each member item: its published version (or, when unpublished, its newest
 * version, marked unpublished). Items outside the region and its ancestors are left out (unknown).
 * One statement (the region's ancestors in it); the contents of published versions come from the
 * per-process cache of the case repository (they never change), the others in one more (ADR 0049).
 */
export async function memberFacts(db: Db, content: Pick<BundleContent, 'members' | 'regionCode'>): Promise<Map<string, MemberFacts & MemberExtra>> {
  const ids = [...new Set(content.members.map((m) => m.itemId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const out = new Map<string, MemberFacts & MemberExtra>();
  if (ids.length === 0) return out;
  const rows = await db
    .withRecursive('up(code, parent_code)', (qb) =>
      qb
        .selectFrom('regions')
        .select(['code', 'parent_code'])
        .where('code', '=', content.regionCode)
        .unionAll((q) => q.selectFrom('regions as r').innerJoin('up', 'up.parent_code', 'r.code').select(['r.code', 'r.parent_code'])),
    )
    .selectFrom('item_impls as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .innerJoin('item_versions as v', (j) =>
      j.onRef('v.impl_id', '=', 'i.id').on((eb) =>
        eb.or([
          eb('v.id', '=', eb.ref('i.published_version_id')),
          eb.and([eb('i.published_version_id', 'is', null), eb('v.version_no', '=', eb.selectFrom('item_versions as v2').select((e) => e.fn.max('v2.version_no').as('m')).whereRef('v2.impl_id', '=', 'i.id'))]),
        ]),
      ),
    )
    .select(['i.id', 'i.impl_code', 'i.org_id', 'i.region_code', 'i.published_version_id', 'o.path as org_path', 'o.name as org_name', 'v.id as version_id'])
    .where('i.id', 'in', ids)
    .where('i.region_code', 'in', (eb) => eb.selectFrom('up').select('up.code'))
    .execute();
  const contents = await itemVersionContents(db, rows.map((r) => r.version_id));
  for (const r of rows) {
    const c = contents.get(r.version_id);
    if (!c) continue;
    out.set(r.id, {
      itemId: r.id,
      name: c.subName ? `${c.mainName}（${c.subName}）` : c.mainName,
      department: r.org_name,
      published: r.published_version_id !== null,
      promisedLimitDays: c.promisedLimitDays,
      form: c.form,
      materials: c.materials,
      situations: c.situations,
      orgPath: r.org_path,
      orgId: r.org_id,
      implCode: r.impl_code,
      regionCode: r.region_code,
      versionId: r.version_id,
      content: c,
    });
  }
  return out;
}

export async function nextBundleCode(db: Db, regionCode: string): Promise<string> {
  const prefix = `YJS${regionCode.slice(0, 6)}`;
  const row = await db.selectFrom('bundles').select(sql<number>`count(*)::int`.as('n')).where('code', 'like', `${prefix}%`).executeTakeFirstOrThrow();
  return `${prefix}${String(row.n + 1).padStart(3, '0')}`;
}

export function findBundleIdByCode(db: Db, code: string) {
  return db.selectFrom('bundles').select('id').where('code', '=', code).executeTakeFirst();
}

/** Service halls (政务服务中心) of a region, with their paths for the scope check. */
export function hallsOfRegion(db: Db, regionCode: string) {
  return db.selectFrom('orgs').select(['id', 'path', 'name']).where('kind', '=', 'hall').where('region_code', '=', regionCode).orderBy('path').execute();
}

export function insertDraftVersion(db: Db, v: { bundleId: string; versionNo: number; content: BundleContent; createdBy: string | null }) {
  return db
    .insertInto('bundle_versions')
    .values({ bundle_id: v.bundleId, version_no: v.versionNo, status: 'draft', content: JSON.stringify(v.content), created_by: v.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces a draft's content if its revision is still the one read (undefined when someone else saved first). */
export function replaceDraftContent(db: Db, versionId: string, content: BundleContent, revision: number, now: Date) {
  return db
    .updateTable('bundle_versions')
    .set({ content: JSON.stringify(content), revision: revision + 1, updated_at: now })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .where('revision', '=', revision)
    .returningAll()
    .executeTakeFirst();
}
