import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { BundleDraftsTable } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { checkAnswers } from '../../core/bundles/selection.js';
import { mergeApplication } from '../../core/bundles/merge.js';
import type { BundleDataUse, BundleLicenceUse } from '../../core/bundles/fulfilment.js';
import { applicantOf, type CaseDeps } from '../cases/service.js';
import { requireOwnUploads } from '../files/uploads.js';
import { checkBundleLibraryUses } from '../material-library/service.js';
import { openFormData, sealFormData } from '../crypto/personal-data.js';
import { applyForBundle, checkBundleFulfilments, requireHandedInOnList, type BundleCaseRow } from './case-service.js';
import * as repo from './repository.js';

/**
 * Drafts of 一件事 applications (issue 10, ADR 0044). A draft is the applicant's alone — anyone else,
 * staff included, gets 404 as for an item draft (issue 8 finding 5) — and is pinned to the bundle version
 * it was saved against. Saving checks what a submission would check of the choices made so far (the
 * materials on the list, one's own uploads, 我的材料 entries, licences, data reads) but not completeness;
 * submitting files it through `applyForBundle` under that version with the draft's own idempotency key,
 * so a double click or a second tab makes one bundle case.
 */
export type BundleDraftRow = Selectable<BundleDraftsTable>;

export interface DraftInput {
  bundleId: string;
  answers: Record<string, string[]>;
  formData: Record<string, unknown>;
  materials: { code: string; fileId: string; fileName: string }[];
  fromLibrary?: { code: string; libraryId: string }[] | undefined;
  licences?: BundleLicenceUse[] | undefined;
  dataUses?: BundleDataUse[] | undefined;
}

const notFound = () => new DomainError('NOT_FOUND', { zh: '草稿不存在', en: 'No such draft' });

/** The applicant's own draft, or 404 (another applicant's draft, staff, or one that does not exist). */
export async function ownDraft(db: Db, actor: Actor, id: string): Promise<BundleDraftRow> {
  const row = await db.selectFrom('bundle_drafts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || actor.kind === 'staff' || row.applicant_id !== actor.userId) throw notFound();
  return row;
}

export async function saveBundleDraft(db: Db, deps: CaseDeps, actor: Actor, input: DraftInput, draftId?: string): Promise<BundleDraftRow> {
  if (actor.kind === 'staff') throw new DomainError('FORBIDDEN', { zh: '草稿仅供申请人使用', en: 'Drafts are for applicants' });
  const existing = draftId ? await ownDraft(db, actor, draftId) : undefined;
  if (existing?.bundle_case_id) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '已提交的申请不能再作为草稿修改', en: 'A submitted application is no longer a draft' });
  if (existing && existing.bundle_id !== input.bundleId) throw new DomainError('VALIDATION_FAILED', { zh: '草稿的一件事不能更换', en: 'A draft cannot change its bundle' });
  const b = await repo.findPublishedBundle(db, input.bundleId);
  if (!b) throw new DomainError('NOT_FOUND', { zh: '该一件事不存在或未发布，不能申请', en: 'The bundle does not exist or is not published' });
  const content = b.content;
  const applicant = await applicantOf(db, actor.userId);
  if (!content.applicantTypes.includes(applicant.kind)) throw new DomainError('VALIDATION_FAILED', { zh: '该一件事不面向此类申请人', en: 'This bundle does not serve this kind of applicant' });
  const problems = checkAnswers(content, input.answers);
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }, problems.map((p) => ({ code: p.code, path: `/answers/${p.questionId}`, zh: p.zh, en: p.en })));
  const facts = await repo.memberFacts(db, content);
  const merged = mergeApplication(content, facts, input.answers);
  requireHandedInOnList(merged.materials, input.materials);
  const unknownFields = Object.keys(input.formData).filter((k) => !(k in merged.form.properties));
  if (unknownFields.length) throw new DomainError('VALIDATION_FAILED', { zh: `申请表没有字段：${unknownFields.join('、')}`, en: `The form has no field ${unknownFields.join(', ')}` });
  await requireOwnUploads(db, actor.userId, input.materials.map((m) => m.fileId));
  const today = isoDateInChina(deps.now());
  const itemIdOf = (key: string) => content.members.find((m) => m.key === key)?.itemId ?? key;
  const fromLibrary = input.fromLibrary ?? [];
  await checkBundleLibraryUses(db, actor.userId, merged.materials, itemIdOf, fromLibrary, input.materials.map((m) => m.code), today);
  const licences = input.licences ?? [];
  const dataUses = input.dataUses ?? [];
  await checkBundleFulfilments(db, { id: actor.userId, kind: applicant.kind }, content, facts, merged, licences, dataUses, [...input.materials.map((m) => m.code), ...fromLibrary.map((f) => f.code)], today);
  const now = deps.now();
  const values = {
    version_id: b.version_id,
    answers: JSON.stringify(input.answers),
    form_data: sealFormData(input.formData),
    materials: JSON.stringify(input.materials),
    from_library: JSON.stringify(fromLibrary),
    licences: JSON.stringify(licences),
    data_uses: JSON.stringify(dataUses),
    updated_at: now,
  };
  if (existing) {
    // Saved again: pinned to the version published now (the applicant saw its guide).
    const row = await db.updateTable('bundle_drafts').set(values).where('id', '=', existing.id).where('bundle_case_id', 'is', null).returningAll().executeTakeFirst();
    if (!row) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '已提交的申请不能再作为草稿修改', en: 'A submitted application is no longer a draft' });
    return row;
  }
  return db.insertInto('bundle_drafts').values({ id: randomUUID(), applicant_id: actor.userId, bundle_id: b.id, created_at: now, ...values }).returningAll().executeTakeFirstOrThrow();
}

/**
 * Submits a draft: refused with a clear message when its version was retired (a newer one published, or
 * the bundle retired); otherwise filed like a direct application — every check again — with the key
 * `draft:<id>`, so a second submission (double click, another tab) answers the same bundle case.
 */
export async function submitBundleDraft(db: Db, deps: CaseDeps, actor: Actor, id: string): Promise<{ row: BundleCaseRow; replayed: boolean }> {
  const d = await ownDraft(db, actor, id);
  const key = `draft:${d.id}`;
  if (d.bundle_case_id) {
    const done = await db.selectFrom('bundle_cases').selectAll().where('id', '=', d.bundle_case_id).executeTakeFirstOrThrow();
    return { row: done, replayed: true };
  }
  const r = await applyForBundle(
    db,
    deps,
    actor,
    { bundleId: d.bundle_id, answers: d.answers, formData: openFormData(d.form_data), materials: d.materials, fromLibrary: d.from_library, licences: d.licences, dataUses: d.data_uses, pinnedVersionId: d.version_id },
    key,
  );
  await db.updateTable('bundle_drafts').set({ bundle_case_id: r.row.id, updated_at: deps.now() }).where('id', '=', d.id).execute();
  return r;
}

/** Deletes one's own draft; a submitted one is the bundle case's record and stays. */
export async function deleteBundleDraft(db: Db, actor: Actor, id: string): Promise<void> {
  const d = await ownDraft(db, actor, id);
  if (d.bundle_case_id) throw new DomainError('CASE_ILLEGAL_TRANSITION', { zh: '草稿已提交，不能删除', en: 'The draft was submitted and cannot be deleted' });
  await db.deleteFrom('bundle_drafts').where('id', '=', d.id).where('bundle_case_id', 'is', null).execute();
}

export function presentDraft(d: BundleDraftRow, title: string | null) {
  return {
    id: d.id,
    bundleId: d.bundle_id,
    versionId: d.version_id,
    title,
    answers: d.answers,
    formData: openFormData(d.form_data),
    materials: d.materials,
    fromLibrary: d.from_library,
    licences: d.licences,
    dataUses: d.data_uses,
    bundleCaseId: d.bundle_case_id,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}
