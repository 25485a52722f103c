import { Space, Tag, Typography } from 'antd';
import { useApi } from '../shared/use-api.js';
import { useI18n } from '../shared/i18n.js';
import type { CaseDataUse } from '../data-sharing/CaseDataUses.js';
import type { LicenceUse } from '../licences/LicenceUsesCard.js';

/** What stood in for the materials of a case at filing (免证办): the licences used, verified now, and the data reads. */
export interface Fulfilment {
  licences: LicenceUse[];
  data: CaseDataUse[];
}

/**
 * The case's licence uses and data uses, each read once per page (the data-use answer is audited as a
 * view of personal data, so the checklist and the cards share one read). Cases filed before the
 * snapshot named its fulfilled materials still show their uses in the cards.
 */
export function useFulfilment(caseId: string | undefined): Fulfilment {
  const licences = useApi<{ uses: LicenceUse[] }>(caseId ? `/api/cases/${caseId}/licence-uses` : null);
  const data = useApi<{ uses: CaseDataUse[] }>(caseId ? `/api/cases/${caseId}/data-uses` : null);
  return { licences: licences.data?.uses ?? [], data: data.data?.uses ?? [] };
}

/** Whether a licence use holds now: SM2 signature valid, history chain intact, licence valid. */
export const licenceUseHolds = (u: LicenceUse) => u.verification.signatureValid && u.verification.historyValid && u.verification.status === 'valid';

/**
 * One checklist line fulfilled by a licence or a data read, rendered in place of "missing upload": the
 * licence's type, identifier and version with its verification, or the source, owner, purpose and items read.
 */
export function FulfilledMaterial({ materialId, by, fulfilment }: { materialId: string; by: 'licence' | 'data'; fulfilment: Fulfilment }) {
  const { pick } = useI18n();
  if (by === 'licence') {
    const u = fulfilment.licences.find((x) => x.materialId === materialId);
    if (!u) return <Tag color="gold">{pick('以电子证照代替（核验中）', 'Replaced by an e-licence (checking)')}</Tag>;
    const ok = licenceUseHolds(u);
    const v = u.verification;
    return (
      <div data-testid={`fulfilled-${materialId}`}>
      <Space direction="vertical" size={2}>
        <Space size={4} wrap>
          <Tag color="gold">{pick(`以电子证照代替：${v.payload.type.name}`, `Replaced by e-licence: ${v.payload.type.name}`)}</Tag>
          <Tag color={ok ? 'green' : 'red'}>{ok ? pick('已核验：SM2签名有效、证照有效', 'Verified: SM2 signature and licence valid') : pick(`核验未通过：${v.statusZh}`, `Not verified: ${v.statusEn}`)}</Tag>
        </Space>
        <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {u.identifier}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {pick(`第 ${u.version} 版 · ${v.payload.issuer.name} · 有效期至 ${v.payload.validUntil ?? '长期'}`, `version ${u.version} · ${v.payload.issuer.name} · valid until ${v.payload.validUntil ?? 'no end'}`)}
        </Typography.Text>
      </Space>
      </div>
    );
  }
  const d = fulfilment.data.find((x) => x.materialId === materialId);
  if (!d) return <Tag color="cyan">{pick('以共享数据代替（读取中）', 'Replaced by shared data (loading)')}</Tag>;
  return (
    <div data-testid={`fulfilled-${materialId}`}>
    <Space direction="vertical" size={2}>
      <Space size={4} wrap>
        <Tag color="cyan">{pick(`以共享数据代替：${d.source.name}（${d.source.owner}）`, `Replaced by shared data: ${d.source.nameEn} (${d.source.ownerEn || d.source.owner})`)}</Tag>
        <Tag color={d.matchesLog ? 'green' : 'red'}>{d.matchesLog ? pick('与数据使用记录一致', 'Matches the access log') : pick('与数据使用记录不一致', 'Does not match the access log')}</Tag>
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {pick(`用途：${d.purpose.name} · 数据项：${d.items.map((i) => i.name).join('、')}`, `Purpose: ${d.purpose.nameEn} · items: ${d.items.map((i) => i.nameEn).join(', ')}`)}
      </Typography.Text>
    </Space>
    </div>
  );
}
