import { inTransaction, type Db } from '../db/transaction.js';
import type { BundleContent } from '../../core/bundles/types.js';
import { validateBundle } from '../../core/bundles/rules.js';
import type { CatalogueProblem } from '../../core/catalogue/rules.js';
import { transitionVersion, type VersionAction } from '../../core/catalogue/lifecycle.js';
import { AUTHORING_ACTIONS, checkFourEyes, type FourEyesVerdict } from '../../core/catalogue/four-eyes.js';
import type { VersionStatus } from '../../core/catalogue/types.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { regionFourEyes } from '../catalogue/repository.js';
import * as repo from './repository.js';

/**
 * 一件事目录: bundle definitions go through the catalogue's version lifecycle (draft → in_review →
 * published → retired) with the same 四眼原则 as items; the rule check runs against the member items
 * as the catalogue holds them now. Every change locks the bundle row, so two editors never both win.
 */

function invalid(problems: CatalogueProblem[]): DomainError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new DomainError(
    'CATALOGUE_INVALID',
    { zh: `一件事有${errors.length}处不符合规则，不能提交或发布`, en: `The bundle breaks ${errors.length} rule(s) and cannot be submitted or published` },
    errors.map((p) => ({ code: p.rule, path: p.path, zh: p.zh, en: p.en })),
  );
}

function nextStatus(status: VersionStatus, action: VersionAction): VersionStatus {
  const r = transitionVersion(status, action);
  if (!r.ok) throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', { zh: r.error.zh, en: r.error.en });
  return r.next;
}

export async function checkBundle(db: Db, content: BundleContent): Promise<CatalogueProblem[]> {
  return validateBundle(content, await repo.memberFacts(db, content));
}

async function loadForChange(db: Db, bundleId: string, actor: Actor | undefined, action: 'catalogue.edit' | 'catalogue.publish') {
  const bundle = await repo.findBundle(db, bundleId, { forUpdate: true });
  if (!bundle) throw new DomainError('NOT_FOUND', { zh: '一件事不存在', en: 'The bundle does not exist' });
  authorize(actor, action, { orgPath: bundle.org_path });
  return bundle;
}

async function loadVersionForChange(db: Db, versionId: string, actor: Actor | undefined, action: 'catalogue.edit' | 'catalogue.publish') {
  const v = await repo.findVersion(db, versionId);
  if (!v) throw new DomainError('NOT_FOUND', { zh: '一件事版本不存在', en: 'The bundle version does not exist' });
  const bundle = await loadForChange(db, v.bundle_id, actor, action);
  const locked = await repo.findVersion(db, versionId);
  if (!locked) throw new DomainError('NOT_FOUND');
  return { bundle, version: locked };
}

/** Creates a bundle owned by a hall (政务服务中心) with its first draft. */
export async function createBundle(db: Db, actor: Actor | undefined, input: { orgId: string; content: BundleContent }) {
  return inTransaction(db, async (tx) => {
    const org = await tx.selectFrom('orgs').select(['id', 'path', 'kind', 'region_code']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw new DomainError('NOT_FOUND', { zh: '所属机构不存在', en: 'The owning organisation does not exist' });
    authorize(actor, 'catalogue.edit', { orgPath: org.path });
    if (org.kind !== 'hall') throw new DomainError('VALIDATION_FAILED', { zh: '一件事由政务服务管理机构（大厅）负责，请选择政务服务中心', en: 'A bundle is owned by a hall administration; choose a service hall' });
    if (input.content.regionCode !== org.region_code) throw new DomainError('VALIDATION_FAILED', { zh: '一件事的行政区划须与所属政务服务中心一致', en: 'The bundle region must be the hall’s region' });
    const code = await repo.nextBundleCode(tx, org.region_code);
    const bundle = await tx.insertInto('bundles').values({ code, org_id: org.id, region_code: org.region_code }).returning('id').executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('bundle_versions')
      .values({ bundle_id: bundle.id, version_no: 1, status: 'draft', content: JSON.stringify(input.content), created_by: actor?.userId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId: version.id, action: 'create', actorId: actor?.userId ?? null });
    return { bundleId: bundle.id, code, version };
  });
}

export async function createDraft(db: Db, actor: Actor | undefined, bundleId: string) {
  return inTransaction(db, async (tx) => {
    const bundle = await loadForChange(tx, bundleId, actor, 'catalogue.edit');
    const latest = await repo.latestVersion(tx, bundle.id);
    if (!latest) throw new DomainError('NOT_FOUND');
    if (latest.status === 'draft' || latest.status === 'in_review') {
      throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', { zh: `该一件事已有未发布的版本 v${latest.version_no}，请在该版本上修改`, en: `Version v${latest.version_no} is still open; edit that one` });
    }
    const draft = await tx
      .insertInto('bundle_versions')
      .values({ bundle_id: bundle.id, version_no: latest.version_no + 1, status: 'draft', content: JSON.stringify(latest.content), created_by: actor?.userId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId: draft.id, action: 'create_draft', actorId: actor?.userId ?? null, comment: `from v${latest.version_no}` });
    return draft;
  });
}

export async function updateDraft(db: Db, actor: Actor | undefined, versionId: string, content: BundleContent, revision: number) {
  return inTransaction(db, async (tx) => {
    const { bundle, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.edit');
    if (version.status !== 'draft') throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', { zh: '只有草稿可以修改', en: 'Only a draft can be edited' });
    if (version.revision !== revision) throw new DomainError('CATALOGUE_STALE_VERSION');
    if (content.regionCode !== bundle.region_code) throw new DomainError('VALIDATION_FAILED', { zh: '一件事的行政区划不能修改', en: 'The bundle region cannot be changed' });
    const updated = await tx
      .updateTable('bundle_versions')
      .set({ content: JSON.stringify(content), revision: version.revision + 1, updated_at: new Date() })
      .where('id', '=', version.id)
      .where('revision', '=', revision)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError('CATALOGUE_STALE_VERSION');
    await repo.appendVersionEvent(tx, { versionId: version.id, action: 'edit', actorId: actor?.userId ?? null });
    return { version: updated, problems: await checkBundle(tx, content) };
  });
}

export async function submitForReview(db: Db, actor: Actor | undefined, versionId: string) {
  return inTransaction(db, async (tx) => {
    const { version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.edit');
    const status = nextStatus(version.status, 'submit');
    const problems = (await checkBundle(tx, version.content)).filter((p) => p.severity === 'error');
    if (problems.length) throw invalid(problems);
    const row = await tx.updateTable('bundle_versions').set({ status, submitted_at: new Date() }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId, action: 'submit', actorId: actor?.userId ?? null });
    return row;
  });
}

export async function rejectReview(db: Db, actor: Actor | undefined, versionId: string, comment: string) {
  return inTransaction(db, async (tx) => {
    const { version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'reject');
    const row = await tx.updateTable('bundle_versions').set({ status, review_comment: comment }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    await repo.appendVersionEvent(tx, { versionId, action: 'reject', actorId: actor?.userId ?? null, comment });
    return row;
  });
}

export async function fourEyesVerdict(db: Db, actor: Actor | undefined, versionId: string, regionCode: string): Promise<FourEyesVerdict> {
  const setting = await regionFourEyes(db, regionCode);
  return checkFourEyes({ publisherId: actor?.userId ?? '', authorIds: await repo.versionAuthorIds(db, versionId, AUTHORING_ACTIONS), fourEyes: setting.fourEyes });
}

/** Publishes a reviewed version (四眼原则, rule check again: a member may have been retired since). */
export async function publish(db: Db, actor: Actor | undefined, versionId: string) {
  return inTransaction(db, async (tx) => {
    const { bundle, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'publish');
    const verdict = await fourEyesVerdict(tx, actor, version.id, bundle.region_code);
    if (!verdict.ok) throw new DomainError('FORBIDDEN', { zh: verdict.zh, en: verdict.en }, [{ code: 'catalogue.four_eyes', zh: verdict.zh, en: verdict.en }]);
    const problems = (await checkBundle(tx, version.content)).filter((p) => p.severity === 'error');
    if (problems.length) throw invalid(problems);
    const now = new Date();
    if (bundle.published_version_id) {
      await tx.updateTable('bundle_versions').set({ status: 'retired', retired_at: now }).where('id', '=', bundle.published_version_id).execute();
      await repo.appendVersionEvent(tx, { versionId: bundle.published_version_id, action: 'retire', actorId: actor?.userId ?? null, comment: 'superseded' });
    }
    const row = await tx.updateTable('bundle_versions').set({ status, published_at: now, published_by: actor?.userId ?? null }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('bundles').set({ published_version_id: row.id }).where('id', '=', bundle.id).execute();
    await repo.appendVersionEvent(tx, { versionId, action: 'publish', actorId: actor?.userId ?? null });
    return row;
  });
}

export async function retire(db: Db, actor: Actor | undefined, versionId: string, comment: string) {
  return inTransaction(db, async (tx) => {
    const { bundle, version } = await loadVersionForChange(tx, versionId, actor, 'catalogue.publish');
    const status = nextStatus(version.status, 'retire');
    const row = await tx.updateTable('bundle_versions').set({ status, retired_at: new Date() }).where('id', '=', version.id).returningAll().executeTakeFirstOrThrow();
    if (bundle.published_version_id === version.id) await tx.updateTable('bundles').set({ published_version_id: null }).where('id', '=', bundle.id).execute();
    await repo.appendVersionEvent(tx, { versionId, action: 'retire', actorId: actor?.userId ?? null, comment });
    return row;
  });
}
