import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import type { LicencePayload } from '../../core/licences/types.js';
import { verifyPathOf } from './MyLicencesPage.js';

export interface LicenceUse {
  materialId: string;
  identifier: string;
  version: number;
  verification: { status: string; statusZh: string; statusEn: string; revokeReason: string | null; signatureValid: boolean; historyValid: boolean; keyId: string; payload: LicencePayload };
}

/**
 * 免证办 on a case (ADR 0021): each material the applicant fulfilled with a licence instead of an upload —
 * identifier and version as recorded, the licence's public form (照面信息) and its verification made now
 * (signature, history chain, current status). Renders nothing when the case used no licence. The uses are
 * read once per page (`useFulfilment`) and shared with the materials checklist.
 */
export function LicenceUsesCard({ uses, materialNames }: { uses: LicenceUse[]; materialNames: Record<string, string> }) {
  const { pick } = useI18n();
  if (uses.length === 0) return null;
  return (
    <Card title={pick('以电子证照代替的材料（免提交）', 'Materials replaced by e-licences')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {uses.map((u) => {
          const v = u.verification;
          const verified = v.signatureValid && v.historyValid && v.status === 'valid';
          return (
            <Descriptions
              key={u.materialId}
              bordered
              size="small"
              column={1}
              title={
                <Space wrap>
                  <span>{materialNames[u.materialId] ?? u.materialId}</span>
                  <Tag color={verified ? 'green' : 'red'}>{verified ? pick('已核验：签名有效、证照有效', 'Verified: signature and status valid') : pick('核验未通过', 'Not verified')}</Tag>
                </Space>
              }
            >
              <Descriptions.Item label={pick('证照', 'Licence')}>{v.payload.type.name}</Descriptions.Item>
              <Descriptions.Item label={pick('证照标识 / 版本', 'Identifier / version')}>
                <Link to={verifyPathOf(u.identifier)}>
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {u.identifier}
                  </Typography.Text>
                </Link>{' '}
                {pick(`第 ${u.version} 版`, `version ${u.version}`)}
              </Descriptions.Item>
              <Descriptions.Item label={pick('状态（现时核验）', 'Status (checked now)')}>
                <Space wrap>
                  <Tag color={v.status === 'valid' ? 'green' : 'red'}>{pick(v.statusZh, v.statusEn)}</Tag>
                  <Tag color={v.signatureValid ? 'green' : 'red'}>{v.signatureValid ? pick('SM2 签名有效', 'SM2 signature valid') : pick('签名无效', 'Signature invalid')}</Tag>
                  <Tag color={v.historyValid ? 'green' : 'red'}>{v.historyValid ? pick('历史哈希链完整', 'History chain intact') : pick('历史哈希链断裂', 'History chain broken')}</Tag>
                  {v.revokeReason}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={pick('持证主体', 'Holder')}>{`${v.payload.holder.name}（${v.payload.holder.identifier}）`}</Descriptions.Item>
              <Descriptions.Item label={pick('发证机构', 'Issuer')}>{v.payload.issuer.name}</Descriptions.Item>
              <Descriptions.Item label={pick('有效期', 'Valid')}>{`${v.payload.validFrom} — ${v.payload.validUntil ?? pick('长期', 'no end')}`}</Descriptions.Item>
              {v.payload.fields.map((f) => (
                <Descriptions.Item key={f.key} label={f.label}>
                  {f.value || '—'}
                </Descriptions.Item>
              ))}
            </Descriptions>
          );
        })}
      </Space>
    </Card>
  );
}
