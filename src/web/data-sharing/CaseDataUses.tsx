import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';

/** One material fulfilled at filing by a read of the applicant's own data (GET /api/cases/{id}/data-uses). */
export interface CaseDataUse {
  materialId: string;
  queryId: string;
  at: string;
  source: { code: string; name: string; nameEn: string; owner: string; ownerEn: string };
  purpose: { code: string; name: string; nameEn: string };
  items: { key: string; name: string; nameEn: string; value: unknown }[];
  answerDigest: string;
  matchesLog: boolean;
  masked: boolean;
}

const shown = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * 免证办 via data on a case view (ADR 0030): which material was fulfilled by which read — source and its
 * owner, purpose, items, when — with the values and whether the kept answer matches the access log.
 * Shows nothing when the case used no data. The uses are read once per page (`useFulfilment`: the read is
 * audited as a view of personal data) and shared with the materials checklist.
 */
export function CaseDataUses({ uses, materialNames }: { uses: CaseDataUse[]; materialNames?: Record<string, string> | undefined }) {
  const { pick } = useI18n();
  if (uses.length === 0) return null;
  return (
    <Card title={pick('免提交材料（数据共享调取）', 'Materials fulfilled by shared data')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {uses.map((u) => (
          <Descriptions
            key={u.materialId}
            bordered
            size="small"
            column={1}
            title={
              <Space wrap>
                <span>{materialNames?.[u.materialId] ?? u.materialId}</span>
                {u.matchesLog ? <Tag color="green">{pick('与数据使用记录一致', 'Matches the access log')}</Tag> : <Tag color="red">{pick('与数据使用记录不一致', 'Does not match the access log')}</Tag>}
              </Space>
            }
          >
            <Descriptions.Item label={pick('数据源', 'Source')}>{pick(`${u.source.name}（${u.source.owner}）`, `${u.source.nameEn} (${u.source.ownerEn || u.source.owner})`)}</Descriptions.Item>
            <Descriptions.Item label={pick('用途', 'Purpose')}>{pick(u.purpose.name, u.purpose.nameEn)}</Descriptions.Item>
            <Descriptions.Item label={pick('调取时间', 'Read at')}>{new Date(u.at).toLocaleString()}</Descriptions.Item>
            {u.items.map((i) => (
              <Descriptions.Item key={i.key} label={pick(i.name, i.nameEn)}>{u.masked ? <Typography.Text type="secondary">{pick('（不显示）', '(hidden)')}</Typography.Text> : shown(i.value)}</Descriptions.Item>
            ))}
            <Descriptions.Item label={pick('查询编号 / 摘要（SM3）', 'Query id / digest (SM3)')}>
              <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>{u.queryId}</Typography.Text>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>{u.answerDigest}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        ))}
      </Space>
    </Card>
  );
}
