import { Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useMemo, useState } from 'react';
import { useI18n } from '../shared/i18n.js';
import { LEVEL } from '../shared/labels.js';
import { useApi } from '../shared/use-api.js';

interface Deviation {
  element: string;
  elementZh: string;
  elementEn: string;
  kind: 'same' | 'better' | 'deviation';
  zh: string;
  en: string;
}
interface Report {
  baseCode: string;
  name: string;
  levels: { level: string; orgName: string }[];
  comparisons: { level: string; orgName: string; againstLevel: string; againstOrgName: string; deviationCount: number; deviations: Deviation[] }[];
}

/** 三级十同: element-by-element comparison of one base item across province, city and county. */
export function ConsistencyPage() {
  const { t, pick } = useI18n();
  const impls = useApi<{ impls: { name: string; implCode: string; level: string }[] }>('/api/admin/catalogue/impls');
  const exported = useApi<{ items: { level: string; content: { baseCode: string; mainName: string } }[] }>('/api/admin/catalogue/export.json');
  const all = useMemo(() => {
    const m = new Map<string, { name: string; levels: Set<string> }>();
    for (const i of exported.data?.items ?? []) {
      const e = m.get(i.content.baseCode) ?? { name: i.content.mainName, levels: new Set<string>() };
      e.levels.add(i.level);
      m.set(i.content.baseCode, e);
    }
    return [...m.entries()];
  }, [exported.data]);
  const multi = all.filter(([, v]) => v.levels.size > 1);
  void impls;
  const [code, setCode] = useState<string>('');
  const report = useApi<Report>(code ? `/api/admin/catalogue/consistency?baseCode=${encodeURIComponent(code)}` : null);
  const color = { same: 'default', better: 'green', deviation: 'red' } as const;
  const verdict = { same: t('admin.verdictSame'), better: t('admin.verdictBetter'), deviation: t('admin.verdictDeviation') };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('admin.consistency')}>
        <Space wrap>
          {/* The base item is picked from a searchable list (by name or code), items at several levels first. */}
          <Select
            showSearch
            allowClear
            aria-label={t('admin.baseCode')}
            data-testid="base-item-picker"
            placeholder={pick('搜索事项名称或事项编码', 'Search an item by name or base code')}
            value={code || undefined}
            onChange={(v: string | undefined) => setCode(v ?? '')}
            optionFilterProp="label"
            style={{ width: 'min(420px, 100%)' }}
            options={[...multi, ...all.filter(([, v]) => v.levels.size <= 1)].map(([c, v]) => ({ value: c, label: `${v.name}（${c}）${v.levels.size > 1 ? pick(` · ${v.levels.size}级`, ` · ${v.levels.size} levels`) : ''}` }))}
          />
          {multi.map(([c, v]) => (
            <Tag key={c} color="blue" style={{ cursor: 'pointer' }} onClick={() => setCode(c)}>
              {v.name} {c}
            </Tag>
          ))}
        </Space>
      </Card>
      {!code && <Empty />}
      {report.error && <Card>{pick(report.error.body.message, report.error.body.messageEn)}</Card>}
      {report.data && (
        <Card title={`${report.data.name}（${report.data.baseCode}）`}>
          {report.data.comparisons.map((c) => (
            <div key={c.level} style={{ marginBottom: 24 }}>
              <Typography.Title level={5}>
                {pick(LEVEL[c.level]?.zh ?? c.level, LEVEL[c.level]?.en ?? c.level)} {c.orgName} — {t('admin.reference')} {pick(LEVEL[c.againstLevel]?.zh ?? '', LEVEL[c.againstLevel]?.en ?? '')} {c.againstOrgName}{' '}
                <Tag color={c.deviationCount ? 'red' : 'green'}>{t('admin.deviations', { n: c.deviationCount })}</Tag>
              </Typography.Title>
              <ResponsiveTable
                rowKey="element"
                size="small"
                pagination={false}
                dataSource={c.deviations}
                columns={[
                  { title: pick('要素', 'Element'), width: 140, render: (_v, d: Deviation) => pick(d.elementZh, d.elementEn) },
                  { title: pick('结论', 'Verdict'), width: 100, render: (_v, d: Deviation) => <Tag color={color[d.kind]}>{verdict[d.kind]}</Tag> },
                  { title: pick('说明', 'Explanation'), render: (_v, d: Deviation) => pick(d.zh, d.en) },
                ]}
              />
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}
