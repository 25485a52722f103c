import { App, Button, Card, Col, Form, Input, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, post } from '../shared/api.js';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { useSession } from '../shared/session.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { CardTag, thresholdsText, type Cards, type Hit } from '../accountability/SupervisionBoardPage.js';

interface TimeLimits {
  today: string;
  departments: { department: string; nearDue: number; overdue: number }[];
  cases: { id: string; caseNo: string; title: string; department: string; dueDate: string; status: 'near_due' | 'overdue' }[];
}

/** 电子监察: near-due (黄牌) and overdue (红牌) running cases by department. */
type Check = { id: string; caseId: string; caseNo: string; title: string; status: 'pending' | 'verified' | 'false'; materials: string[]; materialNames?: string[] };

/** 告知承诺核查: the regulator records whether each commitment was true. */
function CommitmentChecks() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data, reload } = useApi<{ checks: Check[] }>('/api/supervision/commitment-checks');
  // The supervisor records what the check found; a false commitment is revoked in their name with the reason.
  const [recording, setRecording] = useState<{ check: Check; result: 'verified' | 'false' }>();
  const [form] = Form.useForm<{ note: string; reason?: string }>();
  const record = (check: Check, result: 'verified' | 'false') => {
    form.setFieldsValue({ note: result === 'verified' ? '经核查，承诺属实' : '', reason: '' });
    setRecording({ check, result });
  };
  const submit = (v: { note: string; reason?: string }) => {
    if (!recording) return;
    post(`/api/supervision/commitment-checks/${recording.check.id}`, { result: recording.result, note: v.note, ...(recording.result === 'false' && v.reason ? { reason: v.reason } : {}) })
      .then(() => {
        setRecording(undefined);
        reload();
      })
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  };
  const status = { pending: ['待核查', 'Pending', 'gold'], verified: ['属实', 'Verified', 'green'], false: ['不实', 'False', 'red'] } as const;
  return (
    <>
      <Modal
        open={!!recording}
        title={recording?.result === 'false' ? pick('核查不实：撤销原决定并记入信用记录', 'False: revoke the decision and record it') : pick('核查属实', 'Verified')}
        okText={recording?.result === 'false' ? pick('撤销并出具撤销决定书', 'Revoke and issue the decision') : pick('确定', 'OK')}
        okButtonProps={{ danger: recording?.result === 'false' }}
        onOk={() => form.submit()}
        onCancel={() => setRecording(undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="note" label={pick('核查发现的事实', 'What the check found')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          {recording?.result === 'false' && (
            <Form.Item name="reason" label={pick('撤销理由（载入撤销决定书）', 'Reason for revoking (printed on the decision)')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Table<Check>
        rowKey="id"
        size="small"
        style={{ marginTop: 16 }}
        title={() => pick('告知承诺核查', 'Commitment checks')}
        pagination={{ pageSize: 5 }}
        dataSource={data?.checks ?? []}
        locale={{ emptyText: pick('暂无核查任务', 'No checks') }}
        columns={[
          { title: pick('事项', 'Service'), render: (_v: unknown, c: Check) => <Link to={`/workbench/cases/${c.caseId}`}>{c.title}</Link> },
          { title: pick('承诺材料', 'Committed'), render: (_v: unknown, c: Check) => (c.materialNames ?? c.materials).join('、') },
          { title: pick('状态', 'Status'), width: 90, render: (_v: unknown, c: Check) => <Tag color={status[c.status][2]}>{pick(status[c.status][0], status[c.status][1])}</Tag> },
          {
            title: '',
            width: 170,
            render: (_v: unknown, c: Check) =>
              c.status === 'pending' && (
                <Space>
                  <Button size="small" onClick={() => record(c, 'verified')}>{pick('属实', 'True')}</Button>
                  <Button size="small" danger onClick={() => record(c, 'false')}>{pick('不实', 'False')}</Button>
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}

export function SupervisionCard() {
  const { pick } = useI18n();
  const { data } = useApi<TimeLimits>('/api/supervision/time-limits');
  const total = (k: 'nearDue' | 'overdue') => (data?.departments ?? []).reduce((a, d) => a + d[k], 0);
  return (
    <Card title={pick('时限监察', 'Time-limit supervision')}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={12}><Statistic title={pick('临近超期（黄牌）', 'Near due (yellow)')} value={total('nearDue')} valueStyle={{ color: '#d48806' }} /></Col>
        <Col span={12}><Statistic title={pick('已超期（红牌）', 'Overdue (red)')} value={total('overdue')} valueStyle={{ color: '#c8102e' }} /></Col>
      </Row>
      <Table
        rowKey="department"
        size="small"
        pagination={false}
        dataSource={data?.departments ?? []}
        locale={{ emptyText: pick('没有临近超期或超期的办件', 'No near-due or overdue cases') }}
        columns={[
          { title: pick('部门', 'Department'), dataIndex: 'department' },
          { title: pick('临近超期', 'Near due'), dataIndex: 'nearDue', width: 100 },
          { title: pick('已超期', 'Overdue'), dataIndex: 'overdue', width: 100 },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        style={{ marginTop: 16 }}
        pagination={{ pageSize: 10 }}
        dataSource={data?.cases ?? []}
        columns={[
          { title: pick('事项', 'Service'), render: (_v, c: TimeLimits['cases'][number]) => <Link to={`/workbench/cases/${c.id}`}>{c.title}</Link> },
          { title: pick('部门', 'Department'), dataIndex: 'department' },
          { title: pick('期限', 'Due'), dataIndex: 'dueDate', width: 110 },
          { title: '', width: 90, render: (_v, c: TimeLimits['cases'][number]) => <Tag color={c.status === 'overdue' ? 'red' : 'gold'}>{c.status === 'overdue' ? pick('超期', 'Overdue') : pick('临期', 'Near due')}</Tag> },
        ]}
      />
      <CommitmentChecks />
    </Card>
  );
}

/**
 * 黄牌/红牌 on the offender's workbench: the cards this month of the person's department and of the
 * person themself (GET /api/supervision/cards answers a department's staff their own department).
 */
export function MyCards() {
  const { pick } = useI18n();
  const { session } = useSession();
  const month = isoDateInChina(new Date()).slice(0, 7);
  const { data } = useApi<Cards>(`/api/supervision/cards?month=${month}`);
  const mine = [...(data?.departments ?? []), ...(data?.staff ?? []).filter((u) => u.id === session?.user.id)].filter((u) => u.card);
  // The red lights behind the card: what to put right (only fetched when there is a card).
  const hits = useApi<{ hits: Hit[] }>(mine.length ? `/api/supervision/hits?month=${month}` : null);
  if (!mine.length) return null;
  const red = (hits.data?.hits ?? []).filter((h) => h.severity === 'red').slice(0, 5);
  return (
    <Card size="small" title={pick('本月亮牌警示（电子监察）', 'Supervision cards this month')} style={{ borderColor: mine.some((u) => u.card === 'red') ? '#c8102e' : '#d48806' }}>
      <Space direction="vertical">
        {mine.map((u) => (
          <Space key={u.id} wrap>
            <CardTag card={u.card} />
            <strong>{u.name}</strong>
            <span>{pick(`红灯 ${u.red} 次，黄灯 ${u.yellow} 次`, `${u.red} red and ${u.yellow} yellow hits`)}</span>
            <Typography.Text type="secondary">{thresholdsText(pick, u.thresholds)}</Typography.Text>
          </Space>
        ))}
        {red.map((h) => (
          <Space key={h.id} wrap>
            <Tag color="red">{pick(h.ruleZh, h.ruleEn)}</Tag>
            <span>{h.detectedOn}</span>
            {h.objectType === 'case' && h.title ? <Link to={`/workbench/cases/${h.objectId}`}>{h.title}</Link> : <span>{h.objectType === 'rectification' ? pick('差评整改任务', 'Rectification task') : pick('投诉', 'Complaint')}</span>}
          </Space>
        ))}
        <Link to="/workbench/rectifications">{pick('查看差评整改任务', 'See the rectification tasks')}</Link>
      </Space>
    </Card>
  );
}
