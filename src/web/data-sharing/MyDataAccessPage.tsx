import { Alert, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { useApi } from '../shared/use-api.js';

/** One read of the person's data, as GET /api/me/data-access presents it (never the staff member's name). */
interface Access {
  queryId: string;
  at: string;
  caseId: string;
  caseNo: string | null;
  caseTitle: string | null;
  department: string | null;
  roleName: string;
  roleNameEn: string;
  sourceName: string;
  sourceNameEn: string;
  sourceOwner: string;
  purposeName: string;
  purposeNameEn: string;
  fields: { key: string; name: string; nameEn: string }[];
  outcome: 'answered' | 'failed';
  materialId: string | null;
}

/**
 * 数据使用记录: every read of the logged-in person's data — when, which department (and in which role),
 * for which case and purpose, from which source, which items. The log is append-only; nobody can change it.
 */
export function MyDataAccessPage() {
  const { pick } = useI18n();
  const { data, loading, error } = useApi<{ accesses: Access[] }>('/api/me/data-access');
  return (
    <Card title={pick('数据使用记录', 'Use of my data')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {pick(
            '每一次部门为办理您的办件调取您的数据，都会记录在这里：何时、哪个部门、为哪个办件、出于什么用途、调取了哪些数据项。记录只能追加，任何人都不能修改或删除。',
            'Every time a department reads your data to handle one of your cases, it is recorded here: when, which department, for which case, for what purpose and which items. The record can only grow; nobody can change or delete it.',
          )}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={pick(error.body.message, error.body.messageEn)} />}
        <ResponsiveTable<Access>
          rowKey="queryId"
          loading={loading}
          dataSource={data?.accesses ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: pick('暂无记录：还没有部门调取过您的数据', 'No entries: no department has read your data yet') }}
          columns={[
            { title: pick('时间', 'When'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
            {
              title: pick('部门', 'Department'),
              render: (_v, r) => (
                <Space direction="vertical" size={0}>
                  <span>{r.department ?? '—'}</span>
                  <Typography.Text type="secondary">{pick(r.roleName, r.roleNameEn)}</Typography.Text>
                </Space>
              ),
            },
            {
              title: pick('办件', 'Case'),
              render: (_v, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/my/cases/${r.caseId}`}>{r.caseTitle ?? r.caseNo ?? r.caseId}</Link>
                  {r.caseNo && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.caseNo}</Typography.Text>}
                </Space>
              ),
            },
            { title: pick('用途', 'Purpose'), render: (_v, r) => pick(r.purposeName, r.purposeNameEn) },
            {
              title: pick('数据源与数据项', 'Source and items'),
              render: (_v, r) => (
                <Space direction="vertical" size={2}>
                  <span>{pick(`${r.sourceName}（${r.sourceOwner}）`, r.sourceNameEn)}</span>
                  <Space size={[4, 4]} wrap>
                    {r.fields.map((f) => (
                      <Tag key={f.key}>{pick(f.name, f.nameEn)}</Tag>
                    ))}
                  </Space>
                </Space>
              ),
            },
            {
              title: pick('结果', 'Outcome'),
              width: 120,
              render: (_v, r) => (
                <Space direction="vertical" size={2}>
                  {r.outcome === 'answered' ? <Tag color="green">{pick('已返回', 'Answered')}</Tag> : <Tag color="orange">{pick('数据源未返回', 'Source failed')}</Tag>}
                  {r.materialId && <Tag color="cyan">{pick('代替材料', 'In place of a material')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
