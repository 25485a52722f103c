import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { consistencyReport } from '../../core/catalogue/consistency.js';
import type { GovLevel } from '../../core/catalogue/types.js';
import * as repo from './repository.js';

/**
 * 三级十同 report for one base item over its published implementations. Published catalogue content
 * is public (同源发布), so an administrator may compare against other levels outside their scope.
 */
export async function consistencyReportFor(db: Db, _actor: Actor | undefined, baseCode: string) {
  const base = await db.selectFrom('base_items').selectAll().where('base_code', '=', baseCode).executeTakeFirst();
  if (!base) throw new DomainError('NOT_FOUND', { zh: `事项编码 ${baseCode} 不存在`, en: `No base item ${baseCode}` });
  const impls = await repo.implsOfBaseItem(db, base.id);
  const levels = impls.map((i) => ({ level: i.level as GovLevel, orgName: i.org_name, implId: i.impl_id, versionNo: i.version_no }));
  return {
    baseCode,
    name: base.sub_name ? `${base.main_name}（${base.sub_name}）` : base.main_name,
    levels,
    comparisons: consistencyReport(impls.map((i) => ({ level: i.level as GovLevel, orgName: i.org_name, content: i.content }))),
  };
}
