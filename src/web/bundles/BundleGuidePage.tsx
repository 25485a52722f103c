import { Alert, Button, Card, Descriptions, Radio, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { BundleFiguresView } from './BundleFiguresView.js';
import type { BundleGuide } from './types.js';

/** The bundle's guide: 情形 questions, the members that apply, the 一次告知 list with the members each material serves, and the figures. */
export function BundleGuidePage() {
  const { bundleId } = useParams();
  const { t, pick } = useI18n();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const query = Object.entries(choice).map(([q, o]) => `choose=${encodeURIComponent(`${q}:${o}`)}`).join('&');
  const { data: g, loading, error } = useApi<BundleGuide>(`/api/public/bundles/${bundleId ?? ''}${query ? `?${query}` : ''}`);
  if (loading && !g) return <Skeleton active />;
  if (error || !g) return <Result status="404" title={error ? pick(error.body.message, error.body.messageEn) : ''} extra={<Link to="/bundles">{pick('返回', 'Back')}</Link>} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {pick(`${g.name}“一件事”`, `${g.name} (life-event bundle)`)}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {g.description}
        </Typography.Paragraph>
        <Space style={{ float: 'right' }} wrap>
          <Link to={`/bundles/${g.bundleId}/apply`}>
            <Button type="primary" size="large">{pick('在线申请一件事', 'Apply online')}</Button>
          </Link>
          <Link to={`/hall/book?bundleId=${bundleId ?? ''}`}>
            <Button size="large">{pick('预约办理', 'Book a visit')}</Button>
          </Link>
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={pick('牵头单位', 'Owner')}>{g.owner}</Descriptions.Item>
          <Descriptions.Item label={pick('办理时限', 'Time limit')}>{pick(`${g.limitDays}个工作日`, `${g.limitDays} working days`)}</Descriptions.Item>
          <Descriptions.Item label={pick('关键路径', 'Critical path')}>{g.criticalPath ? pick(`${g.criticalPath.members.join(' → ')}（共${g.criticalPath.days}个工作日）`, `${g.criticalPath.members.join(' → ')} (${g.criticalPath.days} working days)`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={pick('成员事项未通过时', 'When a member is refused')}>
            {g.refusalPolicy === 'continue' ? pick('其余事项继续办理', 'the others continue') : pick('一件事终止办理', 'the bundle stops')}
          </Descriptions.Item>
          {g.basis && <Descriptions.Item label={pick('依据', 'Basis')}>{g.basis}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title={pick('情形选择', 'Your situation')}>
        <Space direction="vertical" size={12}>
          {g.questions.map((q) => (
            <div key={q.id}>
              <Typography.Text strong>{q.question}</Typography.Text>
              <div>
                <Radio.Group value={g.answers[q.id]?.[0]} onChange={(e) => setChoice({ ...choice, [q.id]: e.target.value as string })} options={q.options.map((o) => ({ value: o.id, label: o.label }))} />
              </div>
            </div>
          ))}
        </Space>
      </Card>
      <Card title={pick('本情形下：一次告知、一表申请', 'For this situation: one list, one form')}>
        <BundleFiguresView f={g.situation} />
      </Card>
      <Card title={pick('联办事项', 'Member items')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={g.members}
          columns={[
            { title: pick('事项', 'Item'), dataIndex: 'name', render: (v: string, m) => <Link to={`/items/${m.itemId}`}>{v}</Link> },
            { title: pick('部门', 'Department'), dataIndex: 'department' },
            { title: pick('承诺时限', 'Promised limit'), dataIndex: 'promisedLimitDays', render: (d: number | null) => (d === null ? '—' : pick(`${d}个工作日`, `${d} working days`)) },
            { title: pick('办理顺序', 'Order'), render: (_: unknown, m) => (m.dependsOn.length ? pick(`在“${m.dependsOn.map((d) => d.name).join('、')}”办结后自动启动`, `starts after ${m.dependsOn.map((d) => d.name).join(', ')}`) : pick('受理后即并联办理', 'in parallel at once')) },
            { title: pick('本情形是否办理', 'Applies'), dataIndex: 'applies', render: (a: boolean) => (a ? <Tag color="green">{pick('办理', 'Yes')}</Tag> : <Tag>{pick('不涉及', 'No')}</Tag>) },
          ]}
        />
      </Card>
      <Card title={pick(`一次告知：申请材料（${g.materials.length}份）`, `Materials (${g.materials.length})`)} extra={g.situation.materialsExempt > 0 ? <Tag color="gold">{t('guide.bundleExempt', { n: g.situation.materialsExempt })}</Tag> : null}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={g.materials}
          columns={[
            {
              title: pick('材料', 'Material'),
              render: (_: unknown, m) => (
                <Space size={4} wrap>
                  {m.name}
                  {/* 免证办 (ADR 0044): the applicant's licence or a data read replaces it for every member it serves. */}
                  {m.exempt && <Tag color="gold">{m.licenceType ? pick(`可免提交：以电子证照（${m.licenceType}）代替${m.dataFulfilment ? '或调取共享数据' : ''}`, `Not needed: your ${m.licenceType} e-licence${m.dataFulfilment ? ' or shared data' : ''}`) : pick('可免提交：调取共享数据', 'Not needed: shared data')}</Tag>}
                </Space>
              ),
            },
            { title: pick('必要性', 'Required'), dataIndex: 'required', render: (r: boolean) => (r ? pick('必须', 'required') : pick('视情况', 'optional')) },
            { title: pick('同时用于', 'Serves'), render: (_: unknown, m) => <Space size={[4, 4]} wrap>{m.serves.map((s) => <Tag key={s.memberKey} color={m.serves.length > 1 ? 'red' : undefined}>{s.name}</Tag>)}</Space> },
          ]}
        />
      </Card>
      <Card title={pick(`一表申请：需填写${g.fields.length}项`, `One form: ${g.fields.length} fields`)}>
        <Space size={[6, 6]} wrap>
          {g.fields.map((f) => (
            <Tag key={f.key} color={f.members.length > 1 ? 'volcano' : 'default'} title={f.members.join('、')}>
              {f.title}
              {f.members.length > 1 ? ` ×${f.members.length}` : ''}
            </Tag>
          ))}
        </Space>
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={pick('标红的字段多个事项都需要，只需填写一次；前置事项的办理结果（如营业执照编号）办结后自动填入后续事项。', 'Fields in red are shared by several items and asked once; a prior item’s result (e.g. the licence number) is filled into the next items automatically.')} />
      </Card>
    </Space>
  );
}
