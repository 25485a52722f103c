import { Button, Card, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { ProvisionalTag, TIME_STATUS, TimeTag } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';

/** A case as the inbox and the case search list it (src/server/cases/search-routes.ts). */
export interface ListedCase {
  id: string;
  caseNo: string | null;
  title: string;
  titleEn?: string | null;
  state: string;
  stateZh: string;
  stateEn: string;
  channel: 'online' | 'window' | 'terminal' | 'mobile';
  /** Masked for relations without a need (the supervisor), as the case view masks it. */
  applicantName: string | null;
  step: string | null;
  stepDueDate: string | null;
  /** 受理期限 of a case awaiting intake. */
  intakeDueDate: string | null;
  claimedByMe: boolean;
  submittedAt: string | null;
  dueDate: string | null;
  dueDateProvisional?: boolean;
  timeStatus: CaseView['timeStatus'];
}
interface ListPage {
  cases: ListedCase[];
  total: number;
  page: number;
  pageSize: number;
}

export const CHANNEL_LABEL: Record<ListedCase['channel'], [string, string]> = {
  online: ['网上申请', 'Online'],
  window: ['窗口受理', 'Window'],
  terminal: ['自助终端', 'Self-service terminal'],
  mobile: ['移动端', 'Mobile'],
};

const STATES: [string, string, string][] = [
  ['submitted', '待受理', 'Awaiting intake'],
  ['correction_requested', '待补正', 'Correction requested'],
  ['accepted', '已受理', 'Accepted'],
  ['in_review', '审查中', 'In review'],
  ['suspended', '特别程序中', 'Special procedure'],
  ['approved', '已准予', 'Approved'],
  ['denied', '已决定不予', 'Denied'],
  ['refused', '不予受理', 'Refused'],
  ['completed', '已办结', 'Completed'],
  ['delivered', '已送达', 'Delivered'],
  ['withdrawn', '已撤回', 'Withdrawn'],
  ['terminated', '已终止', 'Terminated'],
  ['revoked', '已撤销', 'Revoked'],
];

/** The query string of the set values, in order. */
function query(values: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

function useColumns() {
  const { pick } = useI18n();
  return [
    { title: pick('事项', 'Service'), render: (_v: unknown, r: ListedCase) => <Link to={`/workbench/cases/${r.id}`}>{pick(r.title, r.titleEn ?? r.title)}</Link> },
    { title: pick('办件编号', 'Case number'), dataIndex: 'caseNo', render: (v: string | null) => <Typography.Text style={{ fontSize: 12 }}>{v ?? '—'}</Typography.Text> },
    { title: pick('申请人', 'Applicant'), dataIndex: 'applicantName', render: (v: string | null) => v ?? '—' },
    { title: pick('提交时间', 'Submitted'), dataIndex: 'submittedAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    { title: pick('渠道', 'Channel'), dataIndex: 'channel', width: 100, render: (v: ListedCase['channel']) => pick(...(CHANNEL_LABEL[v] ?? [v, v])) },
    {
      title: pick('状态 / 环节', 'Status / step'),
      render: (_v: unknown, r: ListedCase) => (
        <Space wrap size={4}>
          <Tag color="blue">{pick(r.stateZh, r.stateEn)}</Tag>
          {r.step && ['accepted', 'in_review', 'suspended'].includes(r.state) && <span>{r.step}</span>}
          {r.claimedByMe && <Tag>{pick('已签收', 'Claimed')}</Tag>}
        </Space>
      ),
    },
    {
      title: pick('期限', 'Due'),
      width: 200,
      render: (_v: unknown, r: ListedCase) => (
        <Space wrap size={4}>
          {r.dueDate ?? (r.intakeDueDate ? pick(`受理期限 ${r.intakeDueDate}`, `Intake by ${r.intakeDueDate}`) : '—')}
          <ProvisionalTag provisional={r.dueDateProvisional} />
          <TimeTag status={r.timeStatus} />
        </Space>
      ),
    },
  ];
}

/** 待办: the caller's inbox, searched and filtered on the server. */
export function InboxCard() {
  const { pick } = useI18n();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string>();
  const [channel, setChannel] = useState<string>();
  const [due, setDue] = useState<string>();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const { data, loading } = useApi<ListPage>(`/api/workbench/inbox?${query({ q: q.trim(), state, channel, due, page, pageSize })}`);
  const columns = useColumns();
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  return (
    <Card title={pick('待办办件', 'Inbox')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear aria-label={pick('搜索待办', 'Search the inbox')} placeholder={pick('办件编号、事项或申请人', 'Case number, service or applicant')} style={{ width: 260 }} onSearch={reset(setQ)} />
        <Select allowClear aria-label={pick('状态', 'Status')} placeholder={pick('状态', 'Status')} style={{ width: 130 }} value={state} onChange={reset(setState)} options={STATES.filter(([s]) => ['submitted', 'completed', 'accepted', 'in_review', 'suspended', 'approved', 'denied'].includes(s)).map(([value, zh, en]) => ({ value, label: pick(zh, en) }))} />
        <Select allowClear aria-label={pick('渠道', 'Channel')} placeholder={pick('渠道', 'Channel')} style={{ width: 130 }} value={channel} onChange={reset(setChannel)} options={Object.entries(CHANNEL_LABEL).map(([value, [zh, en]]) => ({ value, label: pick(zh, en) }))} />
        <Select allowClear aria-label={pick('时限', 'Due status')} placeholder={pick('时限', 'Due status')} style={{ width: 130 }} value={due} onChange={reset(setDue)} options={(['normal', 'near_due', 'overdue', 'paused', 'not_started'] as const).map((s) => ({ value: s, label: pick(TIME_STATUS[s].zh, TIME_STATUS[s].en) }))} />
      </Space>
      <ResponsiveTable<ListedCase>
        rowKey="id"
        loading={loading}
        dataSource={data?.cases ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: pick('暂无待办办件', 'Nothing waiting for you') }}
        columns={columns}
      />
    </Card>
  );
}

interface SearchValues {
  caseNo?: string;
  name?: string;
  idNumber?: string;
  item?: string;
  state?: string;
  /** The range picker's dates (dayjs values; only their format is used here). */
  dates?: [{ format(f: string): string } | null, { format(f: string): string } | null] | null;
}

/** 办件查询: every case the caller may see (the access policy of ADR 0008, never wider). */
export function CaseSearchCard() {
  const { pick } = useI18n();
  const [params, setParams] = useState<string>();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const { data, loading, error } = useApi<ListPage>(params === undefined ? null : `/api/workbench/cases?${params}&${query({ page, pageSize })}`);
  const columns = useColumns();
  const onFinish = (v: SearchValues) => {
    setPage(1);
    setParams(
      query({
        caseNo: v.caseNo?.trim(),
        name: v.name?.trim(),
        idNumber: v.idNumber?.trim().toUpperCase(),
        item: v.item?.trim(),
        state: v.state,
        from: v.dates?.[0]?.format('YYYY-MM-DD'),
        to: v.dates?.[1]?.format('YYYY-MM-DD'),
      }),
    );
  };
  return (
    <Card title={pick('办件查询', 'Case search')}>
      <Form<SearchValues> layout="inline" onFinish={onFinish} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="caseNo" label={pick('办件编号', 'Case number')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="name" label={pick('申请人', 'Applicant')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="idNumber" label={pick('身份证号码', 'ID number')} rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: pick('请输入完整的18位身份证号码', 'Enter the whole 18-character ID number') }]}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="item" label={pick('事项', 'Service')}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="dates" label={pick('提交日期', 'Submitted')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="state" label={pick('状态', 'Status')}>
          <Select allowClear style={{ width: 130 }} options={STATES.map(([value, zh, en]) => ({ value, label: pick(zh, en) }))} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {pick('查询', 'Search')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{pick(error.body.message, error.body.messageEn)}</Typography.Text>}
      {params !== undefined && (
        <ResponsiveTable<ListedCase>
          rowKey="id"
          loading={loading}
          dataSource={data?.cases ?? []}
          scroll={{ x: 1000 }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => pick(`共 ${n} 件`, `${n} cases`) }}
          locale={{ emptyText: pick('没有符合条件的办件', 'No matching cases') }}
          columns={columns}
        />
      )}
    </Card>
  );
}
