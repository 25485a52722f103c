import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { BundleContent } from '../../core/bundles/types.js';
import { diffBundleContent } from '../../core/bundles/diff.js';
import type { ContentChange } from '../../core/catalogue/diff.js';
import type { CatalogueProblem } from '../../core/catalogue/rules.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError, type ErrorDetail } from '../errors.js';
import { authorize, can, type Actor } from '../policies/index.js';
import { checkXlsxContainer } from '../catalogue/xlsx-limits.js';
import { BundleContentSchema, Uuid } from './schemas.js';
import { bundlesFromXlsx } from './xlsx.js';
import { checkBundle, createBundle } from './catalogue-service.js';
import * as repo from './repository.js';

/**
 * Importing 一件事 definitions (ADR 0045): the file the export wrote (JSON or Excel), read back into new
 * drafts. Nothing is published by an import; each imported draft goes through review and 四眼原则 like any
 * edit, and the rule check's findings come back with the answer. All or nothing: a bad file, a bundle in
 * review or a bundle outside the caller's scope leaves the catalogue as it was.
 */
export const BUNDLE_EXPORT_FORMAT = 'tongban-bundles';
/** The largest file read; a bundle definition is a few KB, the 500 of the largest export well under this. */
export const BUNDLE_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const BUNDLE_IMPORT_MAX_BUNDLES = 500;

const ImportEntry = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: '^YJS\\d{9,15}$' })),
    versionNo: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    /** The owning hall of a bundle new to this catalogue (else the one hall of its region in the caller's scope). */
    orgId: Type.Optional(Uuid),
    content: BundleContentSchema,
  },
  { additionalProperties: false },
);

/** The JSON export (`GET /api/admin/bundles/export.json`), as the import reads it. */
export const BundleImportFileSchema = Type.Object(
  {
    format: Type.Optional(Type.Literal(BUNDLE_EXPORT_FORMAT)),
    version: Type.Optional(Type.Literal(1)),
    exportedAt: Type.Optional(Type.String({ maxLength: 40 })),
    bundles: Type.Array(ImportEntry, { minItems: 1, maxItems: BUNDLE_IMPORT_MAX_BUNDLES }),
  },
  { additionalProperties: false },
);
export type BundleImportEntry = Omit<Static<typeof ImportEntry>, 'content'> & { content: BundleContent };

const badFile = (zh: string, en: string, details: ErrorDetail[] = []) =>
  new DomainError('VALIDATION_FAILED', { zh: `导入文件有误，未导入任何一件事：${zh}`, en: `The import file is not valid; nothing was imported: ${en}` }, details);

const isZip = (buf: Buffer) => buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;

async function entriesFromXlsx(buf: Buffer): Promise<BundleImportEntry[]> {
  try {
    // Entry count, unpacked size, compression ratio, rows and cells within limits before parsing (ADR 0009).
    checkXlsxContainer(buf);
  } catch (err) {
    if (err instanceof DomainError) throw badFile(err.localized.zh, err.localized.en, err.details);
    throw err;
  }
  const parsed = await bundlesFromXlsx(buf);
  if (parsed.problems.length) {
    throw badFile(
      `Excel 文件有${parsed.problems.length}处错误`,
      `the workbook has ${parsed.problems.length} problem(s)`,
      parsed.problems.slice(0, 200).map((p) => ({ code: 'xlsx', path: `${p.sheet}!${p.row}${p.column ? ':' + p.column : ''}`, zh: p.zh, en: p.en })),
    );
  }
  if (parsed.bundles.length === 0) throw badFile('工作表「一件事」中没有一件事', 'the sheet 一件事 holds no bundle');
  return parsed.bundles.map((b) => ({ code: b.code, content: b.content }));
}

function entriesFromJson(buf: Buffer): BundleImportEntry[] {
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badFile('文件既不是有效的 JSON，也不是 Excel（.xlsx）工作簿', 'the file is neither valid JSON nor an Excel (.xlsx) workbook', [{ code: 'bundle_import.format', zh: '无法解析 JSON', en: 'The JSON cannot be parsed' }]);
  }
  if (!Value.Check(BundleImportFileSchema, value)) {
    const details: ErrorDetail[] = [];
    for (const e of Value.Errors(BundleImportFileSchema, value)) {
      if (details.length >= 50) break;
      const path = (e as { instancePath?: string }).instancePath ?? '';
      details.push({ code: 'bundle_import.schema', path, zh: `${path || '/'}：${e.message}`, en: `${path || '/'}: ${e.message}` });
    }
    throw badFile(`内容不符合一件事导出格式（${details.length}处）`, `it does not fit the bundle export format (${details.length} problem(s))`, details);
  }
  return value.bundles.map((b) => ({ ...b, content: b.content as BundleContent }));
}

/** Reads an uploaded file — the Excel or JSON export — into import entries, or a bilingual 400 naming what is wrong. */
export async function readBundleFile(buf: Buffer): Promise<BundleImportEntry[]> {
  if (buf.length === 0) throw badFile('文件为空', 'the file is empty');
  const entries = isZip(buf) ? await entriesFromXlsx(buf) : entriesFromJson(buf);
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e.code) continue;
    if (seen.has(e.code)) throw badFile(`一件事编码 ${e.code} 出现了两次`, `bundle code ${e.code} appears twice`, [{ code: 'bundle_import.duplicate', zh: e.code, en: e.code }]);
    seen.add(e.code);
  }
  return entries;
}

export type ImportOutcome = 'created' | 'draft_created' | 'draft_updated' | 'unchanged';

export interface ImportedBundle {
  bundleId: string;
  code: string;
  /** The code the file gave, when the bundle was new here and got a code of its own. */
  fileCode: string | null;
  name: string;
  outcome: ImportOutcome;
  versionId: string;
  versionNo: number;
  status: string;
  /** What the import changed against the newest version before it (empty when unchanged or new). */
  changes: ContentChange[];
  /** The rule check of the imported definition (errors stop submitting, as for any draft). */
  problems: CatalogueProblem[];
}

export interface BundleImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** The versions written (for the audit entry). */
  versionIds: string[];
  bundles: ImportedBundle[];
}

/** The hall a bundle new to this catalogue belongs to: the one named, or the one hall of its region the caller administers. */
async function ownerOf(tx: Db, actor: Actor | undefined, entry: BundleImportEntry): Promise<string> {
  if (entry.orgId) return entry.orgId;
  const halls = (await repo.hallsOfRegion(tx, entry.content.regionCode)).filter((h) => can(actor, 'catalogue.edit', { orgPath: h.path }));
  const [only, ...more] = halls;
  if (!only) {
    throw badFile(`「${entry.content.name}」所属区划 ${entry.content.regionCode} 没有您可管理的政务服务中心`, `"${entry.content.name}": no service hall of region ${entry.content.regionCode} is in your scope`);
  }
  if (more.length) {
    throw badFile(`「${entry.content.name}」所属区划有多个政务服务中心，请在文件中用 orgId 指明`, `"${entry.content.name}": the region has several service halls; name one with orgId in the file`);
  }
  return only.id;
}

async function importOne(tx: Db, actor: Actor | undefined, entry: BundleImportEntry, now: Date): Promise<Omit<ImportedBundle, 'problems'>> {
  const c = entry.content;
  const actorId = actor?.userId ?? null;
  const found = entry.code ? await repo.findBundleIdByCode(tx, entry.code) : undefined;
  if (!found) {
    const made = await createBundle(tx, actor, { orgId: await ownerOf(tx, actor, entry), content: c });
    await repo.appendVersionEvent(tx, { versionId: made.version.id, action: 'import', actorId, comment: entry.code ? `file code ${entry.code}` : null });
    return { bundleId: made.bundleId, code: made.code, fileCode: entry.code ?? null, name: c.name, outcome: 'created', versionId: made.version.id, versionNo: 1, status: 'draft', changes: [] };
  }
  const bundle = await repo.findBundle(tx, found.id, { forUpdate: true });
  if (!bundle) throw new DomainError('NOT_FOUND');
  authorize(actor, 'catalogue.edit', { orgPath: bundle.org_path });
  if (c.regionCode !== bundle.region_code) {
    throw badFile(`一件事 ${bundle.code} 的行政区划不能改为 ${c.regionCode}`, `the region of bundle ${bundle.code} cannot be changed to ${c.regionCode}`);
  }
  const latest = await repo.latestVersion(tx, bundle.id);
  if (!latest) throw new DomainError('NOT_FOUND');
  const same = { bundleId: bundle.id, code: bundle.code, fileCode: null, name: c.name };
  if (latest.status === 'in_review') {
    throw new DomainError('CATALOGUE_ILLEGAL_TRANSITION', {
      zh: `一件事「${latest.content.name}」（${bundle.code}）v${latest.version_no} 正在审核中，不能导入覆盖；未导入任何一件事`,
      en: `Bundle ${bundle.code} v${latest.version_no} is in review and cannot be overwritten by an import; nothing was imported`,
    });
  }
  const changes = diffBundleContent(latest.content, c);
  if (changes.length === 0) return { ...same, outcome: 'unchanged', versionId: latest.id, versionNo: latest.version_no, status: latest.status, changes };
  if (latest.status === 'draft') {
    const updated = await repo.replaceDraftContent(tx, latest.id, c, latest.revision, now);
    if (!updated) throw new DomainError('CATALOGUE_STALE_VERSION');
    await repo.appendVersionEvent(tx, { versionId: latest.id, action: 'import', actorId });
    return { ...same, outcome: 'draft_updated', versionId: latest.id, versionNo: latest.version_no, status: 'draft', changes };
  }
  const draft = await repo.insertDraftVersion(tx, { bundleId: bundle.id, versionNo: latest.version_no + 1, content: c, createdBy: actorId });
  await repo.appendVersionEvent(tx, { versionId: draft.id, action: 'import', actorId, comment: `from v${latest.version_no}` });
  return { ...same, outcome: 'draft_created', versionId: draft.id, versionNo: draft.version_no, status: 'draft', changes };
}

/**
 * Imports bundle definitions as drafts: a bundle the catalogue knows (same 一件事编码) gets a new draft
 * (or its open draft replaced); one identical to its newest version is left alone; an unknown one is
 * created under its hall with a code of its own. The rule check runs on every imported definition.
 */
export async function importBundles(db: Db, actor: Actor | undefined, entries: readonly BundleImportEntry[], now: Date): Promise<BundleImportResult> {
  authorize(actor, 'catalogue.edit');
  return inTransaction(db, async (tx) => {
    const result: BundleImportResult = { created: 0, updated: 0, unchanged: 0, versionIds: [], bundles: [] };
    for (const entry of entries) {
      const one = await importOne(tx, actor, entry, now);
      if (one.outcome === 'created') result.created++;
      else if (one.outcome === 'unchanged') result.unchanged++;
      else result.updated++;
      if (one.outcome !== 'unchanged') result.versionIds.push(one.versionId);
      result.bundles.push({ ...one, problems: await checkBundle(tx, entry.content) });
    }
    return result;
  });
}
