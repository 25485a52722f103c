import type { ItemContent } from '../../core/catalogue/types.js';
import { validateItem } from '../../core/catalogue/rules.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import * as repo from './repository.js';
import { createDraft, createImpl, updateDraft } from './service.js';

export interface TransferItem {
  level: string;
  status?: string;
  versionNo?: number;
  content: ItemContent;
}

export const EXPORT_FORMAT = 'tongban-catalogue';

/** The newest version of every implementation in the caller's scope. */
export async function exportItems(db: Db, actor: Actor | undefined): Promise<TransferItem[]> {
  authorize(actor, 'catalogue.read_draft');
  const rows = await repo.listImplsInScopes(db, scopePaths(actor, ['catalogue_admin', 'system_admin', 'supervisor']));
  return rows.map((r) => ({ level: r.level, status: r.status, versionNo: r.version_no, content: r.content }));
}

export interface ImportResult {
  created: number;
  updated: number;
  problems: { implCode: string; rule: string; path: string; severity: string; zh: string; en: string }[];
}

/**
 * Imports items as drafts, all or nothing: an existing implementation (same 实施编码) gets its open draft
 * replaced or a new draft; a new one is created under the org whose credit code starts the code.
 * Nothing is published by an import; rule problems are reported so the admin can fix them in the editor.
 */
export async function importItems(db: Db, actor: Actor | undefined, items: TransferItem[]): Promise<ImportResult> {
  authorize(actor, 'catalogue.edit');
  const codes = new Set<string>();
  for (const it of items) {
    if (codes.has(it.content.implCode)) {
      throw new DomainError('IMPORT_INVALID', { zh: `实施编码 ${it.content.implCode} 重复出现`, en: `Implementation code ${it.content.implCode} appears twice` });
    }
    codes.add(it.content.implCode);
  }
  return inTransaction(db, async (tx) => {
    const result: ImportResult = { created: 0, updated: 0, problems: [] };
    for (const it of items) {
      const c = it.content;
      const existing = await repo.findImplByCode(tx, c.implCode);
      if (existing) {
        let latest = await repo.latestVersion(tx, existing.id);
        if (!latest || latest.status === 'in_review') {
          throw new DomainError('IMPORT_INVALID', {
            zh: `事项 ${c.mainName}（${c.implCode}）正在审核中，不能导入覆盖`,
            en: `Item ${c.implCode} is in review and cannot be overwritten by an import`,
          });
        }
        if (latest.status !== 'draft') latest = await createDraft(tx, actor, existing.id);
        await updateDraft(tx, actor, latest.id, c, latest.revision);
        result.updated++;
      } else {
        const org = await tx.selectFrom('orgs').select('id').where('credit_code', '=', c.implementingBody.creditCode).executeTakeFirst();
        if (!org) {
          throw new DomainError('IMPORT_INVALID', {
            zh: `找不到统一社会信用代码为 ${c.implementingBody.creditCode} 的实施机构（${c.implementingBody.name}）`,
            en: `No implementing body with credit code ${c.implementingBody.creditCode} (${c.implementingBody.name})`,
          });
        }
        await createImpl(tx, actor, { orgId: org.id, level: it.level, content: c });
        result.created++;
      }
      for (const p of validateItem(c)) result.problems.push({ implCode: c.implCode, ...p });
    }
    return result;
  });
}
