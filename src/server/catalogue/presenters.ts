import type { ItemContent } from '../../core/catalogue/types.js';
import { itemTitle, itemTitleEn } from '../../core/catalogue/names.js';
import { exemptionFigure } from '../../core/licences/exemption.js';

/** The public summary of one published item (search results, department lists). */
export function presentItemSummary(row: { impl_id: string; impl_code: string; level: string; org_id: string; org_name: string; org_name_en?: string | null; version_no: number; content: ItemContent }, licenceTypes?: ReadonlySet<string>) {
  const c = row.content;
  return {
    implId: row.impl_id,
    implCode: row.impl_code,
    baseCode: c.baseCode,
    name: itemTitle(c),
    /** The English title where the catalogue has one (English mode shows it; null: show `name`). */
    nameEn: itemTitleEn(c),
    mainName: c.mainName,
    subName: c.subName ?? null,
    itemType: c.itemType,
    level: row.level,
    orgId: row.org_id,
    orgName: row.org_name,
    orgNameEn: row.org_name_en ?? null,
    category: c.category,
    topics: c.topics ?? [],
    applicantTypes: c.applicantTypes,
    caseKind: c.caseKind,
    legalLimitDays: c.legalLimitDays,
    promisedLimitDays: c.promisedLimitDays,
    onlineDepth: c.onlineDepth,
    trips: c.trips,
    hasFee: c.fees.length > 0,
    /** 免证办 figure over all the item's materials: how many a licence or a data read fulfils (the guide narrows it to the chosen situations). */
    exemption: exemptionFigure(c.materials, licenceTypes),
    versionNo: row.version_no,
  };
}

export type ItemSummary = ReturnType<typeof presentItemSummary>;

/** The 办事指南: everything public about a published version. */
export function presentGuide(row: { impl_id: string; impl_code: string; level: string; org_id: string; org_name: string; org_name_en?: string | null; version_no: number; version_id: string; published_at: Date | null; content: ItemContent }, licenceTypes?: ReadonlySet<string>) {
  return {
    ...presentItemSummary(row, licenceTypes),
    versionId: row.version_id,
    publishedAt: row.published_at,
    content: row.content,
  };
}
