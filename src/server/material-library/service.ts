import { sql } from 'kysely';
import type { Material } from '../../core/catalogue/types.js';
import type { CaseCommand } from '../../core/cases/types.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { bundleMaterialCodes, DEFAULT_VALIDITY_MONTHS, isUsable, libraryCodeOf, refusalFor, validUntil } from '../../core/material-library/library.js';
import type { CaseRow } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { publishedContent } from '../cases/repository.js';
import type { CaseCommandHook } from '../cases/service.js';

/**
 * 我的材料 (issue 10, ADR 0027): materials handed in on a case are kept for their owner when the case is
 * accepted; a later application (online, at the window, or a 一件事 bundle) may name a kept entry instead
 * of a new upload. Using one is checked here (owner, same material code, still valid) and recorded on
 * the new case's first timeline event.
 */

/** Commands after which a case's materials count as accepted by the authority. */
const ACCEPTING: ReadonlySet<CaseCommand['type']> = new Set(['accept', 'accept_with_gaps', 'complete_on_the_spot', 'supply_owed']);

/**
 * The hook run after every case command (caseCommandHooks): on acceptance (or an owed material handed
 * in after it) each file of the case goes into the applicant's library — once. A file that itself came
 * from the library is not kept again, so reusing never extends a material's validity.
 */
export const keepAcceptedMaterials: CaseCommandHook = {
  name: 'material-library',
  // On an accepting command, whether the case has any file at all is read with the command's own write,
  // so accepting a case without uploads (paper at the window) costs no extra round trip.
  // (supply_owed may attach its file in that same statement, where the probe would not see it: no probe.)
  probe: ({ command }) => (ACCEPTING.has(command.type) && command.type !== 'supply_owed' ? { value: sql`exists (select 1 from case_materials cm where cm.case_id = u.id and cm.file_id is not null)` } : null),
  run: async (db, deps, _actor, row, command, probed) => {
    if (ACCEPTING.has(command.type) && row.accepted_on && (command.type === 'supply_owed' || probed === true)) await keepMaterialsOf(db, deps.now(), row);
  },
};

async function keepMaterialsOf(db: Db, now: Date, row: CaseRow): Promise<void> {
  const files = await db
    .selectFrom('case_materials')
    .select(['material_id', 'file_id', 'file_name', 'created_at'])
    .where('case_id', '=', row.id)
    .where('file_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (files.length === 0) return;
  const content = await publishedContent(db, row.version_id);
  if (!content) return;
  // The newest file of each material is the one accepted (a correction replaces the earlier one).
  const latest = new Map<string, { file_id: string; file_name: string }>();
  for (const f of files) if (f.file_id && !latest.has(f.material_id)) latest.set(f.material_id, { file_id: f.file_id, file_name: f.file_name ?? f.material_id });
  const known = await db.selectFrom('library_materials').select(['file_id', 'code']).where('owner_id', '=', row.applicant_id).where('file_id', 'in', [...latest.values()].map((f) => f.file_id)).execute();
  const already = new Set(known.map((k) => `${k.code}|${k.file_id}`));
  const today = isoDateInChina(now);
  const values = [...latest.entries()].flatMap(([materialId, f]) => {
    const m = content.materials.find((x) => x.id === materialId);
    if (!m) return [];
    const code = libraryCodeOf(row.impl_id, m);
    if (already.has(`${code}|${f.file_id}`)) return [];
    return [
      {
        owner_id: row.applicant_id,
        code,
        name: m.name,
        form: m.form,
        file_id: f.file_id,
        file_name: f.file_name,
        source_case_id: row.id,
        source_material_id: m.id,
        accepted_on: today,
        valid_until: validUntil(today, m.validityMonths ?? DEFAULT_VALIDITY_MONTHS),
        created_at: now,
      },
    ];
  });
  if (values.length === 0) return;
  await db.insertInto('library_materials').values(values).onConflict((oc) => oc.columns(['source_case_id', 'source_material_id', 'file_id']).doNothing()).execute();
}

export interface LibraryUseInput {
  materialId: string;
  libraryId: string;
}

/** A checked use: which file stands for which material, and where it came from (for the timeline). */
export interface LibraryUse {
  materialId: string;
  materialName: string;
  libraryId: string;
  fileId: string;
  fileName: string;
  sourceCaseId: string;
  sourceCaseNo: string | null;
}

const refusal = (code: string, path: string, zh: string, en: string) => new DomainError('CASE_RULE_VIOLATION', { zh, en }, [{ code, path, zh, en }]);

/** The entries of one owner by id, with their source case numbers (one query). */
async function entriesOf(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, Awaited<ReturnType<typeof loadEntries>>[number]>();
  return new Map((await loadEntries(db, ids)).map((e) => [e.id, e]));
}

function loadEntries(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('library_materials as l')
    .innerJoin('cases as c', 'c.id', 'l.source_case_id')
    .select(['l.id', 'l.owner_id', 'l.code', 'l.name', 'l.file_id', 'l.file_name', 'l.source_case_id', 'l.valid_until', 'c.case_no'])
    .where('l.id', 'in', [...ids])
    .execute();
}

/**
 * Checks every library use of an application before anything is written: the entry is the applicant's
 * (another applicant's entry is answered like a missing one), it is of the material's code, and it is
 * still valid (`checkedAlready`: a 一件事 member started later, whose entries were checked when the
 * bundle was filed).
 */
export async function checkLibraryUses(
  db: Db,
  applicantId: string,
  implId: string,
  materials: readonly Material[],
  uses: readonly LibraryUseInput[],
  today: string,
  opts: { uploaded?: readonly string[]; checkedAlready?: boolean } = {},
): Promise<LibraryUse[]> {
  if (uses.length === 0) return [];
  const entries = await entriesOf(db, uses.map((u) => u.libraryId));
  const seen = new Set(opts.uploaded ?? []);
  return uses.map((u, i) => {
    const path = `/fromLibrary/${i}`;
    if (seen.has(u.materialId)) throw new DomainError('VALIDATION_FAILED', { zh: `材料“${u.materialId}”重复提交`, en: `Material ${u.materialId} is given twice` }, [{ code: 'LIBRARY_DUPLICATE_MATERIAL', path, zh: '同一材料只需提交一次', en: 'Each material is handed in once' }]);
    seen.add(u.materialId);
    const m = materials.find((x) => x.id === u.materialId);
    if (!m) throw new DomainError('VALIDATION_FAILED', { zh: `事项没有编号为 ${u.materialId} 的材料`, en: `The item has no material ${u.materialId}` });
    const e = entries.get(u.libraryId);
    if (!e || e.owner_id !== applicantId) {
      throw new DomainError('NOT_FOUND', { zh: '申请人的“我的材料”中没有这份材料，不能选用', en: 'The applicant’s material library holds no such entry' }, [{ code: 'LIBRARY_ENTRY_NOT_FOUND', path, zh: '不是申请人的材料', en: 'Not the applicant’s entry' }]);
    }
    const why = refusalFor({ id: e.id, code: e.code, validUntil: opts.checkedAlready ? null : e.valid_until }, implId, m, today);
    if (why === 'LIBRARY_WRONG_MATERIAL') throw refusal(why, path, `“${e.name}”不能作为材料“${m.name}”使用`, `"${e.name}" cannot stand for the material "${m.name}"`);
    if (why === 'LIBRARY_ENTRY_EXPIRED') throw refusal(why, path, `“${e.name}”已于${e.valid_until ?? ''}过期，不能再选用，请重新上传`, `"${e.name}" expired on ${e.valid_until ?? ''}; upload it again`);
    return { materialId: m.id, materialName: m.name, libraryId: e.id, fileId: e.file_id, fileName: e.file_name, sourceCaseId: e.source_case_id, sourceCaseNo: e.case_no };
  });
}

/** What the new case's first timeline event says about the uses: which file, from which case, chosen by whom. */
export function libraryUseRecord(uses: readonly LibraryUse[], actor: Pick<Actor, 'kind' | 'displayName'>): { comment: string | null; data: Record<string, unknown> } {
  if (uses.length === 0) return { comment: null, data: {} };
  const who = actor.kind === 'staff' ? `窗口人员${actor.displayName}从申请人的“我的材料”中选用` : '从“我的材料”中选用';
  return {
    comment: `${who}：${uses.map((u) => `${u.materialName}（${u.fileName}，来自办件${u.sourceCaseNo ?? u.sourceCaseId}）`).join('、')}`,
    data: { library: uses.map((u) => ({ materialId: u.materialId, libraryId: u.libraryId, fileId: u.fileId, fileName: u.fileName, sourceCaseId: u.sourceCaseId, sourceCaseNo: u.sourceCaseNo, chosenBy: actor.kind === 'staff' ? 'window_clerk' : 'applicant' })) },
  };
}

export interface LibraryEntryView {
  id: string;
  code: string;
  name: string;
  form: string | null;
  fileId: string;
  fileName: string;
  mime: string | null;
  sourceCaseId: string;
  sourceCaseNo: string | null;
  sourceTitle: string;
  acceptedOn: string;
  validUntil: string | null;
  usable: boolean;
}

/** An owner's library, newest first, each entry marked usable or expired. */
export async function listLibrary(db: Db, ownerId: string, now: Date): Promise<LibraryEntryView[]> {
  const today = isoDateInChina(now);
  const rows = await db
    .selectFrom('library_materials as l')
    .innerJoin('cases as c', 'c.id', 'l.source_case_id')
    .leftJoin('files as f', 'f.id', 'l.file_id')
    .select(['l.id', 'l.code', 'l.name', 'l.form', 'l.file_id', 'l.file_name', 'l.source_case_id', 'l.accepted_on', 'l.valid_until', 'c.case_no', 'c.title', 'f.mime'])
    .where('l.owner_id', '=', ownerId)
    .orderBy('l.accepted_on', 'desc')
    .orderBy('l.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    form: r.form,
    fileId: r.file_id,
    fileName: r.file_name,
    mime: r.mime,
    sourceCaseId: r.source_case_id,
    sourceCaseNo: r.case_no,
    sourceTitle: r.title,
    acceptedOn: r.accepted_on,
    validUntil: r.valid_until,
    usable: isUsable({ validUntil: r.valid_until }, today),
  }));
}

/** A merged 一件事 material (one code serving several members). */
interface MergedMaterialFacts {
  code: string;
  name: string;
  serves: readonly { memberKey: string; materialId: string }[];
}

export interface BundleLibraryUse {
  code: string;
  libraryId: string;
  fileId: string;
  fileName: string;
  sourceCaseId: string;
  sourceCaseNo: string | null;
}

/**
 * The library uses of a 一件事 application (`fromLibrary`: material code → entry), checked like a single
 * case's: the applicant's own entry, of that code (or, for a material local to one member's item, of
 * that item's material), still valid, and not also uploaded.
 */
export async function checkBundleLibraryUses(
  db: Db,
  applicantId: string,
  merged: readonly MergedMaterialFacts[],
  itemIdOf: (memberKey: string) => string,
  refs: readonly { code: string; libraryId: string }[],
  uploadedCodes: readonly string[],
  today: string,
): Promise<BundleLibraryUse[]> {
  if (refs.length === 0) return [];
  const entries = await entriesOf(db, refs.map((r) => r.libraryId));
  const seen = new Set(uploadedCodes);
  return refs.map((r, i) => {
    const path = `/fromLibrary/${i}`;
    const m = merged.find((x) => x.code === r.code);
    if (!m) throw new DomainError('VALIDATION_FAILED', { zh: `本次申请不需要材料“${r.code}”`, en: `This application needs no material "${r.code}"` }, [{ code: 'BUNDLE_MATERIAL_UNKNOWN', path, zh: '材料不在一次告知清单中', en: 'Not on the material list' }]);
    if (seen.has(r.code)) throw new DomainError('VALIDATION_FAILED', { zh: '同一材料只需提交一次', en: 'Each material is handed in once' }, [{ code: 'LIBRARY_DUPLICATE_MATERIAL', path, zh: '同一材料只需提交一次', en: 'Each material is handed in once' }]);
    seen.add(r.code);
    const e = entries.get(r.libraryId);
    if (!e || e.owner_id !== applicantId) {
      throw new DomainError('NOT_FOUND', { zh: '申请人的“我的材料”中没有这份材料，不能选用', en: 'The applicant’s material library holds no such entry' }, [{ code: 'LIBRARY_ENTRY_NOT_FOUND', path, zh: '不是申请人的材料', en: 'Not the applicant’s entry' }]);
    }
    const codes = new Set(bundleMaterialCodes(m.code, m.serves, itemIdOf));
    if (!codes.has(e.code)) throw refusal('LIBRARY_WRONG_MATERIAL', path, `“${e.name}”不能作为材料“${m.name}”使用`, `"${e.name}" cannot stand for the material "${m.name}"`);
    if (!isUsable({ validUntil: e.valid_until }, today)) throw refusal('LIBRARY_ENTRY_EXPIRED', path, `“${e.name}”已于${e.valid_until ?? ''}过期，不能再选用，请重新上传`, `"${e.name}" expired on ${e.valid_until ?? ''}; upload it again`);
    return { code: r.code, libraryId: e.id, fileId: e.file_id, fileName: e.file_name, sourceCaseId: e.source_case_id, sourceCaseNo: e.case_no };
  });
}
