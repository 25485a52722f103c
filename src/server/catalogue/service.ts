import type { ItemVersionRow } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import type { ItemContent, VersionStatus } from '../../core/catalogue/types.js';
import { validateItem, type CatalogueProblem } from '../../core/catalogue/rules.js';
import { transitionVersion, type VersionAction } from '../../core/catalogue/lifecycle.js';
import { AUTHORING_ACTIONS, checkFourEyes, type FourEyesVerdict } from '../../core/catalogue/four-eyes.js';
import { buildSearchText } from '../../core/catalogue/search.js';
import { DomainError, type ErrorDetail } from '../errors.js';
import { authorize, can, type Actor } from '../policies/index.js';
import { recordAudit } from '../identity/audit.js';
import { sql } from 'kysely';
import * as repo from './repository.js';

/**
 * Catalogue use cases: drafts, review, publication (同源发布) and retirement of implementation versions.
 * Every change runs in one transaction that locks the implementation row, so two editors never both win.
 */

const problemDetails = (problems: CatalogueProblem[]): ErrorDetail[] =>
  problems.map((p) => ({ code: p.rule, path: p.path, zh: p.zh, en: p.en }));

function invalid(problems: CatalogueProblem[]): DomainError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new DomainError(
    'CATALOGUE_INVALID',
    {
      zh: `事项信息有${errors.length}处不符合规则，不能发布`,
      en: `The item breaks ${errors.length} catalogue rule(s) and cannot be published`,
    },
    problemDetails(errors),
  );
}

function nextStatus(status: VersionStatus, action: VersionAction): VersionStatus {
  const r = transitionVersion(status, action);
  if (!r.ok) throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', { zh: r.error.zh, en: r.error.en });
  return r.next;
}

async function searchTextFor(db: Db, content: ItemContent, orgId: string): Promise<string> {
  const org = await db.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirst();
  return buildSearchText(content, org?.name ?? content.implementingBody.name);
}

async function loadImplForChange(db: Db, implId: string, actor: Actor | undefined, action: 'catalogue.edit' | 'catalogue.publish') {
  const impl = await repo.findImpl(db, implId, { forUpdate: true });
  if (!impl) throw new DomainError('NOT_FOUND', { zh: '事项不存在', en: 'The item does not exist' });
  authorize(actor, action, { orgPath: impl.org_path });
  return impl;
}

async function loadVersionForChange(db: Db, versionId: string, actor: Actor | undefined, action: 'catalogue.edit' | 'catalogue.publish') {
  const version = await repo.findVersion(db, versionId);
  if (!version) throw new DomainError('NOT_FOUND', { zh: '事项版本不存在', en: 'The item version does not exist' });
  const impl = await loadImplForChange(db, version.impl_id, actor, action);
  // Re-read under the implementation lock so the status we check is current.
  const locked = await repo.findVersion(db, versionId);
  return { impl, version: locked as ItemVersionRow };
}

/** Opens a new draft copied from the newest version (editing a published item makes a new version). */
export async function createDraft(db: Db, actor: Actor | undefined, implId: string): Promise<ItemVersionRow> {
  return inTransaction(db, async (tx) => {
    const impl = await loadImplForChange(tx, implId, actor, 'catalogue.edit');
    const latest = await repo.latestVersion(tx, impl.id);
    if (!latest) throw new DomainError('NOT_FOUND');
    if (latest.status === 'draft' || latest.status === 'in_review') {
      throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', {
        zh: `该事项已有未发布的版本 v${latest.version_no}，请在该版本上修改`,
        en: `Version v${latest.version_no} is still open; edit that one`,
      });
    }
    const draft = await tx
      .insertInto('item_versions')
      .values({
        impl_id: impl.id,
        version_no: latest.version_no + 1,
        status: 'draft',
        content: JSON.stringify(latest.content),
        search_text: latest.search_text,
        created_by: actor?.userId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId: draft.id, action: 'create_draft', actorId: actor?.userId ?? null, comment: `from v${latest.version_no}` });
    return draft;
  });
}

/** Saves a draft. The editor sends the revision it read; a stale revision is refused (no lost updates). */
export async function updateDraft(
  db: Db,
  actor: Actor | undefined,
  versionId: string,
  content: ItemContent,
  revision: number,
): Promise<{ version: ItemVersionRow; problems: CatalogueProblem[] }> {
  return inTransaction(db, async (tx) => {
    const { impl, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.edit');
    if (version.status !== 'draft') {
      throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', { zh: '只有草稿可以修改', en: 'Only a draft can be edited' });
    }
    if (version.revision !== revision) throw new DomainError('CATALOGUE_STALE_VERSION');
    if (content.implCode !== impl.impl_code) {
      throw new DomainError('VALIDATION_FAILED', { zh: '实施编码不能修改', en: 'The implementation code cannot be changed' });
    }
    const updated = await tx
      .updateTable('item_versions')
      .set({ content: JSON.stringify(content), search_text: await searchTextFor(tx, content, impl.org_id), revision: version.revision + 1, updated_at: new Date() })
      .where('id', '=', version.id)
      .where('revision', '=', revision)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError('CATALOGUE_STALE_VERSION');
    await repo.appendVersionEvent(tx, { versionId: version.id, action: 'edit', actorId: actor?.userId ?? null });
    return { version: updated, problems: validateItem(content) };
  });
}

export async function submitForReview(db: Db, actor: Actor | undefined, versionId: string): Promise<ItemVersionRow> {
  return inTransaction(db, async (tx) => {
    const { version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.edit');
    const status = nextStatus(version.status, 'submit');
    const problems = validateItem(version.content).filter((p) => p.severity === 'error');
    if (problems.length) throw invalid(problems);
    const row = await tx.updateTable('item_versions').set({ status, submitted_at: new Date() }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId, action: 'submit', actorId: actor?.userId ?? null });
    return row;
  });
}

export async function rejectReview(db: Db, actor: Actor | undefined, versionId: string, comment: string): Promise<ItemVersionRow> {
  return inTransaction(db, async (tx) => {
    const { version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'reject');
    const row = await tx.updateTable('item_versions').set({ status, review_comment: comment }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId, action: 'reject', actorId: actor?.userId ?? null, comment });
    return row;
  });
}

/** Whether the four-eyes principle lets `actor` publish the version (also shown as the publish ability). */
export async function fourEyesVerdict(db: Db, actor: Actor | undefined, versionId: string, regionCode: string): Promise<FourEyesVerdict> {
  const setting = await repo.regionFourEyes(db, regionCode);
  return checkFourEyes({
    publisherId: actor?.userId ?? '',
    authorIds: await repo.versionAuthorIds(db, versionId, AUTHORING_ACTIONS),
    fourEyes: setting.fourEyes,
  });
}

/** Publishes a reviewed version; the previously published version is retired in the same transaction. */
export async function publish(db: Db, actor: Actor | undefined, versionId: string): Promise<ItemVersionRow> {
  return inTransaction(db, async (tx) => {
    const { impl, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'publish');
    // 四眼原则 (finding 16): nobody publishes a version they drafted or edited, unless the region
    // switched the rule off (a recorded decision, see setRegionFourEyes).
    const verdict = await fourEyesVerdict(tx, actor, version.id, impl.region_code);
    if (!verdict.ok) throw new DomainError('FORBIDDEN', { zh: verdict.zh, en: verdict.en }, [{ code: 'catalogue.four_eyes', zh: verdict.zh, en: verdict.en }]);
    const problems = validateItem(version.content).filter((p) => p.severity === 'error');
    if (problems.length) throw invalid(problems);
    const now = new Date();
    if (impl.published_version_id) {
      await tx.updateTable('item_versions').set({ status: 'retired', retired_at: now }).where('id', '=', impl.published_version_id).execute();
      await repo.appendVersionEvent(tx, { versionId: impl.published_version_id, action: 'retire', actorId: actor?.userId ?? null, comment: 'superseded' });
    }
    const row = await tx
      .updateTable('item_versions')
      .set({ status, published_at: now, published_by: actor?.userId ?? null })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.updateTable('item_impls').set({ published_version_id: row.id }).where('id', '=', impl.id).execute();
    await repo.appendVersionEvent(tx, { versionId, action: 'publish', actorId: actor?.userId ?? null });
    return row;
  });
}

/** Retires the published version: the item leaves the public catalogue and new cases. */
export async function retire(db: Db, actor: Actor | undefined, versionId: string, comment: string): Promise<ItemVersionRow> {
  return inTransaction(db, async (tx) => {
    const { impl, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'retire');
    const row = await tx.updateTable('item_versions').set({ status, retired_at: new Date() }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    if (impl.published_version_id === version.id) {
      await tx.updateTable('item_impls').set({ published_version_id: null }).where('id', '=', impl.id).execute();
    }
    await repo.appendVersionEvent(tx, { versionId, action: 'retire', actorId: actor?.userId ?? null, comment });
    return row;
  });
}

export interface NewImplInput {
  orgId: string;
  level: string;
  content: ItemContent;
}

/** Creates an implementation (and its base item when the base code is new) with a first draft. */
export async function createImpl(db: Db, actor: Actor | undefined, input: NewImplInput): Promise<{ implId: string; version: ItemVersionRow }> {
  return inTransaction(db, async (tx) => {
    const org = await tx.selectFrom('orgs').select(['id', 'path', 'region_code']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw new DomainError('NOT_FOUND', { zh: '实施机构不存在', en: 'The implementing organisation does not exist' });
    authorize(actor, 'catalogue.edit', { orgPath: org.path });
    const c = input.content;
    if (await repo.findImplByCode(tx, c.implCode)) {
      throw new DomainError('CONFLICT', { zh: `实施编码 ${c.implCode} 已存在`, en: `Implementation code ${c.implCode} already exists` });
    }
    let base = await tx.selectFrom('base_items').select('id').where('base_code', '=', c.baseCode).executeTakeFirst();
    base ??= await tx
      .insertInto('base_items')
      .values({ base_code: c.baseCode, main_name: c.mainName, sub_name: c.subName ?? null, item_type: c.itemType })
      .returning('id')
      .executeTakeFirstOrThrow();
    const impl = await tx
      .insertInto('item_impls')
      .values({ base_item_id: base.id, org_id: org.id, region_code: org.region_code, level: input.level, impl_code: c.implCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('item_versions')
      .values({
        impl_id: impl.id,
        version_no: 1,
        status: 'draft',
        content: JSON.stringify({ ...c, implementingBody: { ...c.implementingBody, orgId: org.id } }),
        search_text: await searchTextFor(tx, c, org.id),
        created_by: actor?.userId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId: version.id, action: 'create', actorId: actor?.userId ?? null });
    return { implId: impl.id, version };
  });
}

export interface RegionPublicationSettings {
  regionCode: string;
  fourEyes: boolean;
  /** The region whose row decides (this one or an ancestor); null when no region set anything (default on). */
  decidedBy: string | null;
  reason: string | null;
}

async function regionOrgPath(db: Db, regionCode: string): Promise<string> {
  const org = await db.selectFrom('orgs').select('path').where('region_code', '=', regionCode).orderBy(sql`length(path)`).limit(1).executeTakeFirst();
  if (!org) throw new DomainError('NOT_FOUND', { zh: '该行政区划下没有机构', en: 'No organisation in this region' });
  return org.path;
}

/** The 四眼原则 setting in force for a region. */
export async function regionPublicationSettings(db: Db, actor: Actor | undefined, regionCode: string): Promise<RegionPublicationSettings> {
  const orgPath = await regionOrgPath(db, regionCode);
  // Catalogue administrators see the rule they work under; the security administrator sets it.
  if (!can(actor, 'security.manage', { orgPath })) authorize(actor, 'catalogue.read_draft', { orgPath });
  const s = await repo.regionFourEyes(db, regionCode);
  return { regionCode, fourEyes: s.fourEyes, decidedBy: s.regionCode, reason: s.reason };
}

/**
 * Switches 四眼原则 on or off for a region (and the regions below it without their own setting). A
 * security setting: the security administrator (安全管理员) of the region decides, never a catalogue
 * administrator who would then publish alone; switching it off needs a reason, kept with the setting
 * and in the audit log.
 */
export async function setRegionFourEyes(db: Db, actor: Actor | undefined, regionCode: string, input: { fourEyes: boolean; reason?: string | undefined }): Promise<RegionPublicationSettings> {
  return inTransaction(db, async (tx) => {
    const orgPath = await regionOrgPath(tx, regionCode);
    authorize(actor, 'security.manage', { orgPath });
    const reason = input.reason?.trim() ? input.reason.trim() : null;
    if (!input.fourEyes && !reason) {
      throw new DomainError('VALIDATION_FAILED', { zh: '关闭四眼原则须填写理由', en: 'Switching the four-eyes principle off needs a reason' }, [{ code: 'reason', path: 'body/reason', zh: '请填写理由', en: 'A reason is required' }]);
    }
    await repo.saveRegionSettings(tx, { regionCode, fourEyes: input.fourEyes, reason, changedBy: (actor as Actor).userId });
    await recordAudit(tx, { kind: 'catalogue_settings_changed', userId: (actor as Actor).userId, objectType: 'region', objectId: regionCode, detail: { fourEyes: input.fourEyes, reason } });
    return { regionCode, fourEyes: input.fourEyes, decidedBy: regionCode, reason };
  });
}
