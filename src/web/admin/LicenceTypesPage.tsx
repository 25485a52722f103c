import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import type { LicenceType } from '../../core/licences/types.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface ItemSummary {
  implId: string;
  baseCode: string;
  name: string;
  nameEn: string | null;
  orgName: string;
}

/**
 * 证照类型 (issue 11): the licence types of the catalogue for catalogue administrators — code, name,
 * issuing department kind, the licence's data fields (照面信息), validity rule and the items whose
 * completion issues it. Read-only: types are reviewed data (migration seeds); editing them would need
 * the catalogue's four-eyes publication, which is not built for types yet (docs/data-sharing.md).
 */
export function LicenceTypesPage() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ types: LicenceType[] }>('/api/licence-types');
  const items = useApi<{ items: ItemSummary[] }>('/api/catalogue/items?pageSize=100');
  const byBase = new Map<string, ItemSummary[]>();
  for (const i of items.data?.items ?? []) byBase.set(i.baseCode, [...(byBase.get(i.baseCode) ?? []), i]);
  return (
    <Card title={pick('证照类型', 'Licence types')}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          message={pick('只读：证照类型随目录评审发布，修改须经四眼复核（尚未开放在线编辑）。', 'Read-only: licence types are published with the reviewed catalogue; changing one needs four-eyes review (online editing is not open yet).')}
        />
        <Table<LicenceType>
          rowKey="code"
          size="small"
          loading={loading}
          dataSource={data?.types ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          columns={[
            { title: pick('代码', 'Code'), dataIndex: 'code', width: 90, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: pick('名称', 'Name'), width: 160, render: (_v, t) => pick(t.name, t.nameEn) },
            { title: pick('发证部门类别', 'Issuing department kind'), dataIndex: 'issuerKind', width: 140 },
            {
              title: pick('照面信息（数据项）', 'Licence data fields'),
              render: (_v, t) => (
                <Space size={[4, 4]} wrap>
                  {t.fields.map((f) => (
                    <Tag key={f.key} color={f.personal ? 'orange' : undefined} title={f.personal ? pick('个人信息：公开核验时脱敏', 'Personal data: masked when verified publicly') : undefined}>
                      {pick(f.label, f.labelEn)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: pick('有效期', 'Validity'), width: 110, render: (_v, t) => (t.validity.kind === 'permanent' ? pick('长期有效', 'Permanent') : pick(`${t.validity.years}年`, `${t.validity.years} years`)) },
            {
              title: pick('颁证事项', 'Issuing items'),
              width: 260,
              render: (_v, t) => (
                <Space direction="vertical" size={0}>
                  {t.issuingBaseCodes.map((code) => {
                    const named = byBase.get(code) ?? [];
                    return (
                      <span key={code}>
                        <Typography.Text code style={{ fontSize: 12 }}>{code}</Typography.Text> {named.length ? [...new Set(named.map((i) => pick(i.name, i.nameEn ?? i.name)))].join('、') : <Typography.Text type="secondary">{pick('（未发布）', '(not published)')}</Typography.Text>}
                      </span>
                    );
                  })}
                  {t.issuingBaseCodes.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
