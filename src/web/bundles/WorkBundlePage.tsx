import { Alert, App, Button, Card, Col, Form, Input, Result, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';
import { BundleDelivery, BundleMembersTable, BundleSummary, BundleTimeline, PHASE_COLOR } from './BundleCaseParts.js';
import type { BundleCaseView, BundleCorrectionItemView } from './types.js';

/**
 * A member case's bundle, on the workbench case page: the bundle number, state and due date and the
 * other members' states — a department sees its own member cases only (the server leaves the others'
 * numbers and links out).
 */
export function BundleOfCaseCard({ caseId }: { caseId: string }) {
  const { pick } = useI18n();
  const link = useApi<{ bundle: { id: string; caseNo: string; title: string } | null }>(`/api/cases/${caseId}/bundle`);
  const bundleId = link.data?.bundle?.id;
  const { data: b } = useApi<BundleCaseView>(bundleId ? `/api/bundle-cases/${bundleId}` : null);
  if (!link.data?.bundle) return null;
  return (
    <Card
      title={pick(`所属一件事：${link.data.bundle.title}`, `Part of the bundle ${link.data.bundle.title}`)}
      extra={<Link to={`/workbench/bundles/${link.data.bundle.id}`}>{pick('查看一件事', 'Open the bundle')}</Link>}
      styles={{ header: { background: '#f0f5ff' } }}
    >
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>
          {pick('一件事编号', 'Bundle number')}：<Typography.Text copyable>{link.data.bundle.caseNo}</Typography.Text>
          {b && <> · {pick('一件事办结期限', 'Bundle due')} {b.due.dueDate}</>}
        </Typography.Text>
        {b && (
          <Space size={[6, 6]} wrap>
            {b.members.map((m) => (
              <Tag key={m.key} color={PHASE_COLOR[m.phase]}>
                {m.caseId === caseId ? pick(`本件 · ${m.name}`, `This case · ${m.name}`) : m.name}：{pick(m.phaseZh, m.phaseEn)}
              </Tag>
            ))}
          </Space>
        )}
      </Space>
    </Card>
  );
}

/**
 * The bundle in the workbench: its members (own ones linked), the gathered correction notice — the
 * window and each member's department add to it while it is open, the window sends it once — and
 * 统一出件 when every member is done.
 */
export function WorkBundlePage() {
  const { bundleCaseId } = useParams();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data: b, error, reload } = useApi<BundleCaseView>(`/api/bundle-cases/${bundleCaseId ?? ''}`);
  const [memberKey, setMemberKey] = useState<string>();
  const [form] = Form.useForm<{ materialId: string; reason: string }>();
  const [deliverForm] = Form.useForm<{ method: string; trackingNo?: string }>();
  const pickedCase = b?.members.find((m) => m.key === memberKey)?.caseId;
  const member = useApi<CaseView>(pickedCase ? `/api/cases/${pickedCase}` : null);
  if (error) return <Result status="403" title={pick(error.body.message, error.body.messageEn)} />;
  if (!b) return <Card loading />;
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const call = (url: string, body: unknown, done: string) =>
    post(url, body)
      .then(() => {
        message.success(done);
        reload();
      })
      .catch(fail);
  const hall = b.relation === 'hall';
  // Members the viewer may ask a correction for: their own, awaiting intake (the window: every member).
  const askable = b.members.filter((m) => m.caseId && m.state === 'submitted');
  const open = b.correction?.status === 'open';
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={pick(`一件事：${b.title}`, `Bundle: ${b.title}`)}>
            <BundleSummary b={b} />
            {!hall && <Alert style={{ marginTop: 12 }} type="info" showIcon message={pick('其他部门的事项只显示办理状态。', 'Other departments’ members show their state only.')} />}
          </Card>
          <Card title={pick('联办事项', 'Member items')}>
            <BundleMembersTable b={b} linkTo={(id) => `/workbench/cases/${id}`} />
          </Card>
          <Card title={pick('一次性告知（汇总各部门补正要求）', 'One correction notice (gathered from every department)')}>
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {b.correction ? (
                <>
                  <Tag color={b.correction.status === 'open' ? 'orange' : 'blue'}>{b.correction.status === 'open' ? pick('汇总中，尚未发出', 'Gathering, not sent yet') : pick('已发出，待申请人补正', 'Sent, awaiting the applicant')}</Tag>
                  <Table
                    rowKey={(i: BundleCorrectionItemView) => `${i.memberKey}:${i.materialId}`}
                    size="small"
                    pagination={false}
                    dataSource={b.correction.items}
                    columns={[
                      { title: pick('事项', 'Item'), render: (_v, i: BundleCorrectionItemView) => i.memberName ?? i.memberKey },
                      { title: pick('材料', 'Material'), render: (_v, i: BundleCorrectionItemView) => i.materialName ?? i.materialId },
                      { title: pick('补正理由', 'Reason'), dataIndex: 'reason' },
                      { title: pick('提出人', 'By'), dataIndex: 'addedByName' },
                    ]}
                  />
                </>
              ) : (
                <Typography.Text type="secondary">{pick('暂无补正要求', 'No corrections asked')}</Typography.Text>
              )}
              {(!b.correction || open) && askable.length > 0 && (
                <Form form={form} layout="inline" onFinish={(v) => memberKey && void call(`/api/bundle-cases/${b.id}/correction/items`, { memberKey, materialId: v.materialId, reason: v.reason }, pick('已加入一次性告知', 'Added')).then(() => form.resetFields())}>
                  <Form.Item label={pick('事项', 'Item')} required>
                    <Select aria-label={pick('补正事项', 'Item to correct')} style={{ width: 220 }} value={memberKey} onChange={(v: string) => setMemberKey(v)} options={askable.map((m) => ({ value: m.key, label: m.name }))} />
                  </Form.Item>
                  <Form.Item name="materialId" label={pick('材料', 'Material')} rules={[{ required: true }]}>
                    <Select aria-label={pick('补正材料', 'Material to correct')} style={{ width: 260 }} options={(member.data?.checklist ?? []).map((x) => ({ value: x.id, label: x.name }))} />
                  </Form.Item>
                  <Form.Item name="reason" label={pick('理由', 'Reason')} rules={[{ required: true }]}>
                    <Input aria-label={pick('补正理由', 'Reason')} style={{ width: 260 }} />
                  </Form.Item>
                  <Button htmlType="submit">{pick('加入一次性告知', 'Add to the notice')}</Button>
                </Form>
              )}
              {hall && open && (
                <Button type="primary" danger onClick={() => void call(`/api/bundle-cases/${b.id}/correction/send`, {}, pick('一次性告知已发出', 'Notice sent'))}>
                  {pick(`统一发出一次性告知（${b.correction?.items.length ?? 0}项）`, `Send the notice once (${b.correction?.items.length ?? 0})`)}
                </Button>
              )}
            </Space>
          </Card>
          {hall && (b.state === 'completed' || b.state === 'partially_completed') && !b.delivery && (
            <Card title={pick('统一出件', 'Hand out the results together')}>
              <Form form={deliverForm} layout="inline" initialValues={{ method: 'window' }} onFinish={(v) => void call(`/api/bundle-cases/${b.id}/deliver`, { method: v.method, ...(v.trackingNo ? { trackingNo: v.trackingNo } : {}) }, pick('已统一出件', 'Handed out'))}>
                <Form.Item name="method" label={pick('送达方式', 'Method')}>
                  <Select style={{ width: 180 }} options={[{ value: 'window', label: pick('窗口领取', 'At the window') }, { value: 'express', label: pick('快递送达', 'Express') }, { value: 'electronic', label: pick('电子送达', 'Electronic') }]} />
                </Form.Item>
                <Form.Item name="trackingNo" label={pick('运单号', 'Tracking number')}>
                  <Input style={{ width: 180 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit">{pick('统一出件', 'Hand out')}</Button>
              </Form>
            </Card>
          )}
          {b.delivery && (
            <Card title={pick('统一出件', 'One delivery')}>
              <BundleDelivery b={b} />
            </Card>
          )}
        </Space>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={pick('一件事办理过程', 'Bundle timeline')}>
          <BundleTimeline b={b} />
        </Card>
      </Col>
    </Row>
  );
}
