import { defaultAnswers, selectMembers } from '../../core/bundles/selection.js';
import { mergeApplication, reductionRate, type FactsByItem } from '../../core/bundles/merge.js';
import { criticalPath } from '../../core/bundles/rules.js';
import type { BundleAnswers, BundleContent, MemberFacts } from '../../core/bundles/types.js';

/** The public summary of a published bundle with the figures for its default situation. */
export function presentBundleSummary(row: { id: string; code: string; org_name: string; version_no: number; content: BundleContent }, facts: FactsByItem, licenceTypes?: ReadonlySet<string>) {
  const c = row.content;
  const merged = mergeApplication(c, facts, defaultAnswers(c), { ...(licenceTypes ? { licenceTypes } : {}) });
  return {
    bundleId: row.id,
    code: row.code,
    name: c.name,
    description: c.description,
    topic: c.topic,
    category: c.category,
    applicantTypes: c.applicantTypes,
    owner: row.org_name,
    limitDays: c.limitDays,
    versionNo: row.version_no,
    memberCount: c.members.length,
    departments: [...new Set(c.members.map((m) => facts.get(m.itemId)?.department).filter((d): d is string => !!d))],
    ...merged.figures,
    materialsCutRate: reductionRate(merged.figures.materialsSeparate, merged.figures.materialsMerged),
    fieldsCutRate: reductionRate(merged.figures.fieldsSeparate, merged.figures.fieldsMerged),
  };
}

/** The bundle's guide (一次告知) for the chosen situation: members, materials with the members they serve, the merged form. */
export function presentBundleGuide(row: { id: string; code: string; org_name: string; version_no: number; version_id: string; content: BundleContent }, facts: ReadonlyMap<string, MemberFacts & { content?: { category?: string } }>, answers: BundleAnswers, licenceTypes?: ReadonlySet<string>) {
  const c = row.content;
  const merged = mergeApplication(c, facts, answers, { ...(licenceTypes ? { licenceTypes } : {}) });
  const memberName = (key: string) => {
    const m = c.members.find((x) => x.key === key);
    return (m && facts.get(m.itemId)?.name) ?? key;
  };
  const applicable = new Set(selectMembers(c, answers));
  const cp = criticalPath(c, facts);
  return {
    ...presentBundleSummary(row, facts, licenceTypes),
    versionId: row.version_id,
    answers,
    questions: c.questions,
    refusalPolicy: c.refusalPolicy,
    basis: c.basis ?? null,
    criticalPath: cp ? { days: cp.days, members: cp.path.map(memberName) } : null,
    members: c.members.map((m) => {
      const f = facts.get(m.itemId);
      return {
        key: m.key,
        itemId: m.itemId,
        name: memberName(m.key),
        department: f?.department ?? '',
        // 窗口类别 of the member item: an agent's scope may name categories (ADR 0041).
        category: f?.content?.category ?? null,
        promisedLimitDays: f?.promisedLimitDays ?? null,
        applies: applicable.has(m.key),
        dependsOn: (m.dependsOn ?? []).map((d) => ({ memberKey: d.memberKey, name: memberName(d.memberKey), fields: d.mappings.map((x) => x.toField) })),
      };
    }),
    materials: merged.materials.map((x) => ({ code: x.code, name: x.name, required: x.required, exempt: x.exempt, licenceType: x.licenceType, dataFulfilment: x.dataFulfilment, serves: x.serves.map((s) => ({ ...s, name: memberName(s.memberKey) })) })),
    form: merged.form,
    fields: merged.fields.map((f) => ({ key: f.key, title: f.field.title, members: f.members.map(memberName) })),
    filledLater: merged.filledLater,
    situation: {
      ...merged.figures,
      materialsCutRate: reductionRate(merged.figures.materialsSeparate, merged.figures.materialsMerged),
      fieldsCutRate: reductionRate(merged.figures.fieldsSeparate, merged.figures.fieldsMerged),
    },
  };
}
