import { App, Button, Card, Descriptions, Drawer, Form, Input, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { uploadFile } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';

export interface Task {
  id: string;
  status: 'open' | 'revisited' | 'rectified' | 'withdrawn';
  named: boolean;
  revisitDue: string | null;
  revisitedOn: string | null;
  revisitOutcome: string | null;
  rectifyDue: string;
  rectifiedOn: string | null;
  rectification: string | null;
  rating: { id: string; level: number; levelZh: string; tags: string[]; comment: string | null; service: 'case' | 'window' | 'bundle'; ratedOn: string; removed: boolean };
  case: { id: string; caseNo: string | null; title: string } | null;
  /** A 一件事 rated as one service (ADR 0043). */
  bundle: { id: string; caseNo: string | null; title: string } | null;
  department: string;
  rater: { name: string; phone: string | null } | null;
  appeal: { id: string; status: 'pending' | 'accepted' | 'rejected' } | null;
}
interface Appeal {
  id: string;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string;
  evidence: { fileId: string; name: string }[];
  filedAt: string;
  decisionNote: string | null;
  rating: { id: string; level: number; comment: string | null };
  caseNo: string | null;
  title: string;
  department: string;
  canDecide: boolean;
}

export const TASK_STATUS: Record<Task['status'], [string, string, string]> = {
  open: ['待回访整改', 'Open', 'red'],
  revisited: ['已回访，整改中', 'Contacted', 'gold'],
  rectified: ['已整改', 'Rectified', 'green'],
  withdrawn: ['已撤销（申诉成立）', 'Withdrawn', 'default'],
};
const APPEAL_STATUS: Record<Appeal['status'], [string, string, string]> = { pending: ['待裁定', 'Pending', 'gold'], accepted: ['申诉成立', 'Upheld', 'green'], rejected: ['申诉驳回', 'Rejected', 'red'] };

/** One task: the rating, the rater to call back (named ratings), 回访 with outcome, 整改, and 申诉 with evidence. */
function TaskDetail({ task, canWork, onChanged }: { task: Task; canWork: boolean; onChanged: () => void }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [evidence, setEvidence] = useState<{ fileId: string; name: string }[]>([]);
  const [appealing, setAppealing] = useState(false);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const step = (kind: 'revisit' | 'rectify') => (v: { text: string }) =>
    post(`/api/rectifications/${task.id}/${kind}`, { text: v.text })
      .then(() => {
        message.success(kind === 'revisit' ? pick('回访已记录', 'Follow-up recorded') : pick('整改已记录，已请申请人再次评价', 'Rectification recorded; the applicant is asked to rate again'));
        onChanged();
      })
      .catch(fail);
  const appeal = (v: { reason: string }) =>
    post(`/api/ratings/${task.rating.id}/appeals`, { reason: v.reason, evidence })
      .then(() => {
        message.success(pick('申诉已提交，等待电子监察裁定', 'Appeal filed; the supervisor decides'));
        setAppealing(false);
        onChanged();
      })
      .catch(fail);
  const canRevisit = canWork && task.status === 'open' && task.named;
  const canRectify = canWork && (task.status === 'revisited' || (task.status === 'open' && !task.named));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          task.bundle
            ? { key: 'case', label: pick('一件事', 'Bundle'), children: <Link to={`/workbench/bundles/${task.bundle.id}`}>{`${task.bundle.title}（${task.bundle.caseNo ?? ''}）`}</Link> }
            : { key: 'case', label: pick('办件', 'Case'), children: <Link to={`/workbench/cases/${task.case?.id ?? ''}`}>{`${task.case?.title ?? ''}（${task.case?.caseNo ?? ''}）`}</Link> },
          { key: 'level', label: pick('评价', 'Rating'), children: <Space wrap><Tag color="volcano">{task.rating.levelZh}</Tag>{[...task.rating.tags, task.rating.comment].filter(Boolean).join('；')}<Typography.Text type="secondary">{task.rating.ratedOn}</Typography.Text></Space> },
          { key: 'service', label: pick('评价对象', 'Rated service'), children: task.rating.service === 'window' ? pick('窗口服务', 'Window service') : pick('办件服务', 'Case service') },
          { key: 'rater', label: pick('评价人', 'Rater'), children: task.rater ? `${task.rater.name}  ${task.rater.phone ?? ''}` : pick('匿名评价（无需回访）', 'Anonymous (no follow-up call)') },
          { key: 'status', label: pick('状态', 'Status'), children: <Tag color={TASK_STATUS[task.status][2]}>{pick(TASK_STATUS[task.status][0], TASK_STATUS[task.status][1])}</Tag> },
          { key: 'revisitDue', label: pick('回访期限', 'Follow-up due'), children: task.revisitDue ?? '—' },
          { key: 'revisit', label: pick('回访情况', 'Follow-up'), children: task.revisitedOn ? `${task.revisitedOn}：${task.revisitOutcome ?? ''}` : '—' },
          { key: 'rectifyDue', label: pick('整改期限', 'Rectify by'), children: task.rectifyDue },
          { key: 'rectified', label: pick('整改情况', 'Rectification'), children: task.rectifiedOn ? `${task.rectifiedOn}：${task.rectification ?? ''}` : '—' },
          { key: 'appeal', label: pick('申诉', 'Appeal'), children: task.appeal ? <Tag color={APPEAL_STATUS[task.appeal.status][2]}>{pick(APPEAL_STATUS[task.appeal.status][0], APPEAL_STATUS[task.appeal.status][1])}</Tag> : '—' },
        ]}
      />
      {canRevisit && (
        <Card size="small" title={pick('记录回访核实', 'Record the follow-up call')}>
          <Form layout="vertical" onFinish={step('revisit')}>
            <Form.Item name="text" label={pick('回访结果', 'Outcome of the call')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">{pick('保存回访记录', 'Save the follow-up')}</Button>
          </Form>
        </Card>
      )}
      {canRectify && (
        <Card size="small" title={pick('记录整改', 'Record the rectification')}>
          <Form layout="vertical" onFinish={step('rectify')}>
            <Form.Item name="text" label={pick('整改措施', 'What was rectified')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">{pick('完成整改', 'Rectified')}</Button>
          </Form>
        </Card>
      )}
      {canWork && !task.appeal && !task.rating.removed && task.status !== 'withdrawn' && (
        <Card size="small" title={pick('申诉（认为属恶意差评）', 'Appeal (a malicious rating)')}>
          {!appealing ? (
            <Button onClick={() => setAppealing(true)}>{pick('提出申诉', 'File an appeal')}</Button>
          ) : (
            <Form layout="vertical" onFinish={appeal}>
              <Form.Item name="reason" label={pick('申诉理由', 'Reason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
              <Form.Item label={pick('证据材料', 'Evidence')}>
                <Upload
                  accept=".pdf,.png,.jpg,.jpeg"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    uploadFile(file)
                      .then((f) => setEvidence((x) => [...x, { fileId: f.id, name: f.name }]))
                      .catch(fail);
                    return false;
                  }}
                >
                  <Button>{pick('上传证据', 'Upload evidence')}</Button>
                </Upload>
                {evidence.map((e) => (
                  <div key={e.fileId}>✓ {e.name}</div>
                ))}
              </Form.Item>
              <Button type="primary" htmlType="submit">{pick('提交申诉', 'Submit the appeal')}</Button>
            </Form>
          )}
        </Card>
      )}
    </Space>
  );
}

/** 申诉 in scope; supervisors accept (the rating leaves the figures, visibly) or reject them with a note. */
export function AppealsTable() {
  const { pick } = useI18n();
  const { message, modal } = App.useApp();
  const { data, reload } = useApi<{ appeals: Appeal[] }>('/api/rating-appeals');
  const decide = (a: Appeal, accept: boolean) => {
    let note = '';
    modal.confirm({
      title: accept ? pick('申诉成立：该评价不计入统计', 'Uphold: the rating leaves the figures') : pick('驳回申诉', 'Reject the appeal'),
      content: <Input.TextArea aria-label={pick('裁定意见', 'Decision note')} rows={3} onChange={(e) => (note = e.target.value)} />,
      onOk: () =>
        post(`/api/rating-appeals/${a.id}/decision`, { accept, note: note.trim() || (accept ? '经核查，属恶意差评' : '证据不足，维持评价') })
          .then(() => reload())
          .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e))),
    });
  };
  return (
    <Table<Appeal>
      rowKey="id"
      size="small"
      dataSource={data?.appeals ?? []}
      locale={{ emptyText: pick('暂无申诉', 'No appeals') }}
      columns={[
        { title: pick('办件', 'Case'), render: (_v: unknown, a: Appeal) => `${a.title}（${a.caseNo ?? ''}）` },
        { title: pick('部门', 'Department'), dataIndex: 'department', width: 180 },
        { title: pick('评价', 'Rating'), render: (_v: unknown, a: Appeal) => a.rating.comment ?? '—' },
        { title: pick('申诉理由', 'Reason'), dataIndex: 'reason' },
        { title: pick('证据', 'Evidence'), render: (_v: unknown, a: Appeal) => a.evidence.map((e) => <div key={e.fileId}><a href={`/api/files/${e.fileId}`} target="_blank" rel="noreferrer">{e.name}</a></div>) },
        { title: pick('状态', 'Status'), width: 100, render: (_v: unknown, a: Appeal) => <Tag color={APPEAL_STATUS[a.status][2]}>{pick(APPEAL_STATUS[a.status][0], APPEAL_STATUS[a.status][1])}</Tag> },
        {
          title: '',
          width: 170,
          render: (_v: unknown, a: Appeal) =>
            a.canDecide && (
              <Space>
                <Button size="small" onClick={() => decide(a, true)}>{pick('申诉成立', 'Uphold')}</Button>
                <Button size="small" danger onClick={() => decide(a, false)}>{pick('驳回', 'Reject')}</Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

/** 差评整改: the department's rectification tasks (list and detail) and its appeals. */
export function RectificationsPage() {
  const { pick } = useI18n();
  const { session } = useSession();
  const { data, loading, reload } = useApi<{ tasks: Task[] }>('/api/rectifications');
  const [openId, setOpenId] = useState<string>();
  const task = data?.tasks.find((t) => t.id === openId);
  const canWork = !!session?.roles.some((r) => r.role.startsWith('approver_') || r.role === 'hall_admin');
  return (
    <Card title={pick('差评整改与申诉', 'Bad ratings: rectification and appeals')}>
      <Tabs
        items={[
          {
            key: 'tasks',
            label: pick('整改任务', 'Rectification tasks'),
            children: (
              <Table<Task>
                rowKey="id"
                size="small"
                loading={loading}
                dataSource={data?.tasks ?? []}
                locale={{ emptyText: pick('暂无整改任务', 'No rectification tasks') }}
                onRow={(t) => ({ onClick: () => setOpenId(t.id), style: { cursor: 'pointer' } })}
                columns={[
                  { title: pick('办件', 'Case'), render: (_v: unknown, t: Task) => <Typography.Link onClick={() => setOpenId(t.id)}>{t.bundle?.title ?? t.case?.title}</Typography.Link> },
                  { title: pick('部门', 'Department'), dataIndex: 'department', width: 180 },
                  { title: pick('评价', 'Rating'), width: 200, render: (_v: unknown, t: Task) => <Space wrap><Tag color="volcano">{t.rating.levelZh}</Tag>{t.rating.tags.join('、')}</Space> },
                  { title: pick('回访期限', 'Follow-up due'), width: 110, render: (_v: unknown, t: Task) => t.revisitDue ?? '—' },
                  { title: pick('整改期限', 'Rectify by'), width: 110, dataIndex: 'rectifyDue' },
                  { title: pick('状态', 'Status'), width: 140, render: (_v: unknown, t: Task) => <Tag color={TASK_STATUS[t.status][2]}>{pick(TASK_STATUS[t.status][0], TASK_STATUS[t.status][1])}</Tag> },
                ]}
              />
            ),
          },
          { key: 'appeals', label: pick('申诉', 'Appeals'), children: <AppealsTable /> },
        ]}
      />
      <Drawer open={!!task} width={640} title={pick('整改任务', 'Rectification task')} onClose={() => setOpenId(undefined)} destroyOnHidden>
        {task && <TaskDetail key={`${task.id}-${task.status}-${task.appeal?.status ?? ''}`} task={task} canWork={canWork} onChanged={reload} />}
      </Drawer>
    </Card>
  );
}
