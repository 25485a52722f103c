import { sql } from 'kysely';
import type { ItemContent } from '../../core/catalogue/types.js';
import { itemTitleEn } from '../../core/catalogue/names.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { findSource } from '../../core/data-sharing/directory.js';
import { maskFormData } from '../../core/forms/identity.js';
import { usableInPlaceOfMaterial } from '../../core/licences/lifecycle.js';
import { fillFromProfile } from '../../core/profile/profile.js';
import { maskName } from '../../core/ratings/rules.js';
import { kioskFormPlan, kioskItemRefusal, kioskMaterialPlan, kioskSituationsComplete, type KioskHoldings, type KioskMaterialPlan, type KioskFormPlan } from '../../core/kiosk/index.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import * as cases from '../cases/repository.js';
import { applicantOf, hasBadCredit, submitNewCase, type ApplicantIdentity, type CaseDeps } from '../cases/service.js';
import { allTypes, licencesOfHolder } from '../licences/repository.js';
import { statusOf } from '../licences/service.js';
import { listLibrary } from '../material-library/service.js';
import { loadProfile } from '../profile/service.js';
import type { KioskSession } from './sessions.js';

/**
 * 即办件 at the kiosk (issue 13, ADR 0040): the on-the-spot items the identified person (or enterprise)
 * may file there, what filing one needs, and the filing itself — through submitNewCase like an online
 * application, with channel `terminal` (exported as `kiosk`) and the identified person as applicant.
 * Nothing here is reachable without a kiosk session, and it acts for that session's person only.
 */

const titleOf = (c: ItemContent) => (c.subName ? `${c.mainName}（${c.subName}）` : c.mainName);

/** The kiosk person as the case services see an applicant filing for themselves (no roles, no agency). */
async function kioskApplicant(db: Db, kiosk: KioskSession): Promise<{ applicant: ApplicantIdentity; actor: Actor }> {
  const applicant = await applicantOf(db, kiosk.userId);
  return { applicant, actor: { userId: applicant.id, kind: applicant.kind, displayName: applicant.name, orgId: null, roles: [] } };
}

/** Every published on-the-spot item (the kiosk's list; the person's kind decides which can be filed). */
async function onTheSpotItems(db: Db): Promise<{ implId: string; content: ItemContent }[]> {
  const rows = await db
    .selectFrom('item_impls as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.id', 'v.content'])
    .where(sql<string>`v.content->>'caseKind'`, '=', 'on_the_spot')
    .execute();
  return rows.map((r) => ({ implId: r.id, content: r.content })).sort((a, b) => titleOf(a.content).localeCompare(titleOf(b.content), 'zh-CN'));
}

async function publishedItem(db: Db, implId: string): Promise<ItemContent> {
  const row = await db.selectFrom('item_impls').select('published_version_id').where('id', '=', implId).executeTakeFirst();
  const content = row?.published_version_id ? await cases.publishedContent(db, row.published_version_id) : undefined;
  if (!content) throw new DomainError('NOT_FOUND', { zh: '该事项不存在或未发布，不能申请', en: 'The item does not exist or is not published' });
  return content;
}

/** The on-the-spot items, each marked whether this person may file it at the kiosk (and why not). */
export async function kioskItems(db: Db, kiosk: KioskSession) {
  const { applicant } = await kioskApplicant(db, kiosk);
  return {
    kind: applicant.kind,
    items: (await onTheSpotItems(db)).map(({ implId, content }) => {
      const refusal = kioskItemRefusal(content, applicant.kind);
      return { implId, title: titleOf(content), titleEn: itemTitleEn(content), category: content.category, resultName: content.resultName, fileable: !refusal, refusal };
    }).filter((i) => i.refusal?.code !== 'KIOSK_NOT_SELF_SERVICE'),
  };
}

/** What the person holds that stands for a material without an upload (licences, 我的材料, data of their kind, credit). */
async function holdingsOf(db: Db, applicant: ApplicantIdentity, now: Date): Promise<KioskHoldings> {
  const today = isoDateInChina(now);
  const [licences, types, library, badCredit] = await Promise.all([licencesOfHolder(db, applicant.id), allTypes(db), listLibrary(db, applicant.id, now), hasBadCredit(db, applicant.id)]);
  const usable = new Map<string, string>();
  for (const l of licences) {
    if (!usableInPlaceOfMaterial(statusOf(l, today))) continue;
    const type = types.find((t) => t.code === l.type_code);
    for (const k of [l.type_code, ...(type ? [type.name] : [])]) if (!usable.has(k)) usable.set(k, l.identifier);
  }
  const entries = new Map<string, string>();
  for (const e of library) if (e.usable && !entries.has(e.code)) entries.set(e.code, e.id);
  return {
    kind: applicant.kind,
    licences: usable,
    library: entries,
    dataSourcesFor: (source) => {
      const s = findSource(source);
      return !!s && (s.subject === 'any' || s.subject === applicant.kind);
    },
    badCredit,
  };
}

interface Prepared {
  content: ItemContent;
  applicant: ApplicantIdentity;
  actor: Actor;
  formData: Record<string, unknown>;
  form: KioskFormPlan;
  materials: KioskMaterialPlan;
}

/** Everything a kiosk application of this item needs, for these situation answers; refused items throw. */
async function prepare(db: Db, kiosk: KioskSession, implId: string, situationAnswers: Record<string, string[]>, now: Date): Promise<Prepared> {
  const { applicant, actor } = await kioskApplicant(db, kiosk);
  const content = await publishedItem(db, implId);
  const refusal = kioskItemRefusal(content, applicant.kind);
  if (refusal) throw new DomainError('FORBIDDEN', { zh: refusal.zh, en: refusal.en }, [{ code: refusal.code, path: '/implId', zh: refusal.zh, en: refusal.en }]);
  const profile = await loadProfile(db, applicant.id);
  const { data, filled } = fillFromProfile(content.form, profile.values, {});
  const form = kioskFormPlan(content.form, situationAnswers, filled);
  const materials = kioskMaterialPlan(content.materials, situationAnswers, await holdingsOf(db, applicant, now));
  return { content, applicant, actor, formData: data, form, materials };
}

/** The item as the kiosk asks it: situations, choice fields, prefilled values (masked for the screen), materials and what only a window can do. */
export async function kioskItemPlan(db: Db, kiosk: KioskSession, implId: string, situationAnswers: Record<string, string[]>, now: Date) {
  const p = await prepare(db, kiosk, implId, situationAnswers, now);
  const shown = maskFormData(p.content.form, p.formData);
  return {
    implId,
    title: titleOf(p.content),
    titleEn: itemTitleEn(p.content),
    resultName: p.content.resultName,
    situations: p.content.situations,
    situationsComplete: kioskSituationsComplete(p.content, situationAnswers),
    prefilled: p.form.prefilled.map((key) => ({ key, title: p.content.form.properties[key]?.title ?? key, value: String(shown[key] ?? '') })),
    choices: p.form.choices,
    materials: p.materials.ways.map((w) => ({ materialId: w.materialId, name: w.name, by: w.by })),
    atWindow: { fields: p.form.atWindow, materials: p.materials.atWindow },
  };
}

const atWindow = (zh: string, en: string) => new DomainError('CASE_RULE_VIOLATION', { zh, en }, [{ code: 'KIOSK_AT_WINDOW', path: '/implId', zh, en }]);

/**
 * Files the application for the kiosk person: refused (nothing written) for an item that is not 即办,
 * not for this kind of applicant, with a situation or choice missing or not the item's, or with a
 * field or material only a window can take.
 */
export async function fileKioskApplication(
  db: Db,
  deps: CaseDeps,
  kiosk: KioskSession,
  input: { implId: string; situationAnswers: Record<string, string[]>; choices: Record<string, string | number | boolean> },
  idempotencyKey: string | undefined,
) {
  const now = deps.now();
  const p = await prepare(db, kiosk, input.implId, input.situationAnswers, now);
  if (!kioskSituationsComplete(p.content, input.situationAnswers)) {
    throw new DomainError('VALIDATION_FAILED', { zh: '请回答全部情形问题', en: 'Answer every situation question' }, [{ code: 'KIOSK_SITUATIONS', path: '/situationAnswers', zh: '请回答全部情形问题', en: 'Answer every situation question' }]);
  }
  // Each answer must be one of the options the plan offered, as offered: a body is not coerced (ADR 0050), so the touched 300 arrives as 300, and "300" is not that option.
  const chosen: Record<string, string | number | boolean> = {};
  const problems = Object.entries(input.choices).flatMap(([key, value]) => {
    const option = p.form.choices.find((c) => c.key === key)?.options.find((o) => o === value);
    if (option !== undefined) chosen[key] = option;
    return option !== undefined ? [] : [{ code: 'KIOSK_CHOICE', path: `/choices/${key}`, zh: `“${key}”不是本事项可选择的内容`, en: `"${key}" is not a choice of this item` }];
  });
  const missing = p.form.choices.filter((c) => c.required && !(c.key in chosen));
  for (const c of missing) problems.push({ code: 'KIOSK_CHOICE_MISSING', path: `/choices/${c.key}`, zh: `请选择“${c.title}”`, en: `Choose "${c.title}"` });
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((x) => x.zh).join('；'), en: problems.map((x) => x.en).join('; ') }, problems);
  if (p.form.atWindow.length) {
    const names = p.form.atWindow.map((f) => f.title).join('、');
    throw atWindow(`“${names}”须在窗口填写，请取号到窗口办理`, `${p.form.atWindow.map((f) => f.key).join(', ')} must be filled in at a window; take a number`);
  }
  if (p.materials.atWindow.length) {
    const names = p.materials.atWindow.map((m) => m.name).join('、');
    throw atWindow(`材料“${names}”须到窗口提交，请取号到窗口办理`, `The materials ${p.materials.atWindow.map((m) => m.materialId).join(', ')} are handed in at a window; take a number`);
  }
  const ways = p.materials.ways;
  const { caseRow, replayed } = await submitNewCase(
    db,
    deps,
    p.actor,
    {
      implId: input.implId,
      formData: { ...p.formData, ...chosen },
      situationAnswers: input.situationAnswers,
      materials: [],
      // cases.channel 'terminal' is the hall's self-service kiosk (exported as `kiosk`).
      channel: 'terminal',
      commitments: ways.flatMap((w) => (w.by === 'commitment' ? [w.materialId] : [])),
      licences: ways.flatMap((w) => (w.by === 'licence' ? [{ materialId: w.materialId, identifier: w.identifier }] : [])),
      fromLibrary: ways.flatMap((w) => (w.by === 'library' ? [{ materialId: w.materialId, libraryId: w.libraryId }] : [])),
      dataUses: ways.flatMap((w) => (w.by === 'data' ? [{ materialId: w.materialId, purpose: w.purpose }] : [])),
    },
    idempotencyKey ? `kiosk:${idempotencyKey}` : undefined,
  );
  return {
    replayed,
    receipt: {
      caseId: caseRow.id,
      caseNo: caseRow.case_no,
      queryCode: caseRow.query_code,
      title: caseRow.title,
      titleEn: itemTitleEn(p.content),
      state: caseRow.state,
      submittedAt: caseRow.submitted_at ? new Date(caseRow.submitted_at).toISOString() : null,
      applicant: p.applicant.kind === 'legal_person' ? p.applicant.name : maskName(p.applicant.name),
      materials: ways.map((w) => ({ materialId: w.materialId, name: w.name, by: w.by })),
    },
  };
}

