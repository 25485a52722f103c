import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError, get } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';

/** One audit entry as GET /api/admin/audit/events returns it. */
interface AuditEntry {
  seq: number;
  at: string;
  kind: string;
  userId: string | null;
  username: string | null;
  ip: string | null;
  objectType: string | null;
  objectId: string | null;
  detail: Record<string, unknown>;
  hash: string;
}
type Verdict = { ok: true; checked: number } | { ok: false; seq: number; reason: string };

/** The kinds an auditor filters by, with their bilingual names. */
const KINDS: Record<string, { zh: string; en: string }> = {
  login_succeeded: { zh: '登录成功', en: 'Login' },
  login_failed: { zh: '登录失败', en: 'Failed login' },
  login_throttled: { zh: '登录限流', en: 'Login throttled' },
  account_locked: { zh: '账号锁定', en: 'Account locked' },
  logout: { zh: '退出', en: 'Logout' },
  registered: { zh: '注册', en: 'Registered' },
  access_denied: { zh: '越权访问被拒', en: 'Access denied' },
  personal_data_viewed: { zh: '查看个人信息', en: 'Personal data viewed' },
  timeline_broken: { zh: '留痕链校验失败', en: 'Timeline broken' },
  registration_throttled: { zh: '注册限流', en: 'Registration throttled' },
  registration_duplicate_id: { zh: '重复证件注册', en: 'Duplicate ID registration' },
  password_changed: { zh: '修改密码', en: 'Password changed' },
  password_reset_requested: { zh: '申请重置密码', en: 'Password reset requested' },
  password_reset: { zh: '重置密码', en: 'Password reset' },
  second_factor_enrolled: { zh: '绑定动态验证码', en: 'Second factor enrolled' },
  second_factor_reset_requested: { zh: '申请重置动态验证码', en: 'Second-factor reset requested' },
  second_factor_reset: { zh: '重置动态验证码', en: 'Second factor reset' },
  account_claim_requested: { zh: '申请认领账号', en: 'Account claim requested' },
  account_claimed: { zh: '认领账号', en: 'Account claimed' },
  kiosk_session_started: { zh: '自助终端验证身份', en: 'Kiosk identity confirmed' },
  staff_created: { zh: '新增工作人员', en: 'Staff created' },
  staff_disabled: { zh: '停用工作人员', en: 'Staff disabled' },
  staff_enabled: { zh: '启用工作人员', en: 'Staff enabled' },
  staff_roles_changed: { zh: '调整角色授权', en: 'Roles changed' },
  administrator_appointed: { zh: '任命管理员', en: 'Administrator appointed' },
  org_updated: { zh: '修改机构', en: 'Organisation edited' },
  window_created: { zh: '新增窗口', en: 'Window added' },
  window_updated: { zh: '修改窗口', en: 'Window edited' },
  window_clerk_assigned: { zh: '分配窗口人员', en: 'Clerk assigned to window' },
  catalogue_settings_changed: { zh: '事项安全设置', en: 'Catalogue settings' },
  calendar_year_saved: { zh: '工作日历变更', en: 'Calendar changed' },
  catalogue_impl_created: { zh: '新增实施清单', en: 'Item created' },
  catalogue_draft_created: { zh: '新建版本', en: 'Draft opened' },
  catalogue_draft_saved: { zh: '保存草稿', en: 'Draft saved' },
  catalogue_submitted: { zh: '提交审核', en: 'Submitted' },
  catalogue_published: { zh: '发布', en: 'Published' },
  catalogue_rejected: { zh: '退回', en: 'Returned' },
  catalogue_retired: { zh: '停用事项', en: 'Retired' },
  catalogue_imported: { zh: '导入事项', en: 'Imported' },
  catalogue_exported: { zh: '导出事项', en: 'Exported' },
  catalogue_synonyms_saved: { zh: '同义词维护', en: 'Synonyms saved' },
  accountability_settings_saved: { zh: '评价投诉时限设置', en: 'Rating and complaint deadlines saved' },
  supervision_settings_saved: { zh: '电子监察亮牌阈值设置', en: 'Supervision thresholds saved' },
  data_key_rotated: { zh: '数据密钥轮换', en: 'Data key rotated' },
  backup_created: { zh: '备份', en: 'Backup created' },
  backup_restored: { zh: '恢复', en: 'Backup restored' },
  audit_searched: { zh: '查询审计日志', en: 'Audit searched' },
  audit_exported: { zh: '导出审计日志', en: 'Audit exported' },
  audit_verified: { zh: '校验审计日志', en: 'Audit verified' },
  data_access_exported: { zh: '导出数据使用记录', en: 'Data access log exported' },
  licence_type_proposed: { zh: '提出证照类型修改', en: 'Licence type change proposed' },
  licence_type_applied: { zh: '证照类型修改生效（复核）', en: 'Licence type change applied (second person)' },
  licence_type_rejected: { zh: '退回证照类型修改', en: 'Licence type change rejected' },
};

interface Filters {
  from?: string;
  to?: string;
  kinds?: string[];
  user?: string;
  objectId?: string;
  ip?: string;
}

/** A datetime-local value (the browser's wall time) → an ISO instant for the API. */
const isoOf = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

function queryOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  const from = isoOf(f.from);
  const to = isoOf(f.to);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (f.kinds?.length) q.set('kind', f.kinds.join(','));
  for (const k of ['user', 'objectId', 'ip'] as const) {
    const v = f[k]?.trim();
    if (v) q.set(k, v);
  }
  return q;
}

/**
 * 审计日志: the audit administrator's screen (三权分立, ADR 0010) — filter by time, kind, user, object and
 * address, page back through the log, export what is shown as CSV or Excel, and re-check the SM3 chain.
 * The server never returns the auditor's own entries.
 */
export function AuditPage() {
  const { pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));

  const load = (f: Filters, before?: number) => {
    const q = queryOf(f);
    q.set('limit', '50');
    if (before) q.set('beforeSeq', String(before));
    setLoading(true);
    get<{ events: AuditEntry[]; nextBeforeSeq: number | null }>(`/api/admin/audit/events?${q.toString()}`)
      .then((r) => {
        setRows((old) => (before ? [...old, ...r.events] : r.events));
        setNext(r.nextBeforeSeq);
        setFilters(f);
      })
      .catch(fail)
      .finally(() => setLoading(false));
  };
  const verify = () =>
    get<{ result: Verdict }>('/api/admin/audit/verify')
      .then((r) => setVerdict(r.result))
      .catch(fail);
  const exportUrl = (format: 'csv' | 'xlsx') => {
    const q = queryOf(filters);
    q.set('format', format);
    return `/api/admin/audit/export?${q.toString()}`;
  };
  const dataAccessUrl = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams({ format });
    const range = queryOf(filters);
    for (const k of ['from', 'to']) {
      const v = range.get(k);
      if (v) q.set(k, v);
    }
    return `/api/admin/data-access/export?${q.toString()}`;
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('审计日志', 'Audit log')}>
        <Typography.Paragraph type="secondary">
          {pick('仅审计管理员可查阅；不显示您本人账号的记录，您的查询与导出也会被记录。', 'Only audit administrators read this log; entries of your own account are not shown, and your searches and exports are recorded too.')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => load(v)}>
          <Row gutter={12}>
            <Col xs={24} md={6}><Form.Item name="from" label={pick('开始时间', 'From')}><Input type="datetime-local" /></Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="to" label={pick('结束时间', 'To')}><Input type="datetime-local" /></Form.Item></Col>
            <Col xs={24} md={12}>
              <Form.Item name="kinds" label={pick('类型', 'Kinds')}>
                <Select mode="multiple" allowClear optionFilterProp="label" options={Object.entries(KINDS).map(([k, v]) => ({ value: k, label: pick(v.zh, v.en) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}><Form.Item name="user" label={pick('操作人（用户名或ID）', 'User (name or id)')}><Input allowClear /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="objectId" label={pick('对象ID', 'Object id')}><Input allowClear /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="ip" label={pick('IP地址', 'IP address')}><Input allowClear /></Form.Item></Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={loading}>{pick('查询', 'Search')}</Button>
            <Button href={exportUrl('csv')}>{pick('导出 CSV', 'Export CSV')}</Button>
            <Button href={exportUrl('xlsx')}>{pick('导出 Excel', 'Export Excel')}</Button>
            <Button onClick={() => void verify()}>{pick('校验哈希链', 'Verify the hash chain')}</Button>
          </Space>
          {/* 数据使用记录 (issue 11, ADR 0022): the whole data access log for an audit, in the time range chosen above. */}
          <Space wrap style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{pick('数据共享调取记录（数据使用记录）：', 'Shared-data reads (data access log):')}</Typography.Text>
            <Button href={dataAccessUrl('csv')}>{pick('导出数据使用记录 CSV', 'Export data access log (CSV)')}</Button>
            <Button href={dataAccessUrl('xlsx')}>{pick('导出数据使用记录 Excel', 'Export data access log (Excel)')}</Button>
          </Space>
        </Form>
        {verdict && (
          <Alert
            style={{ marginTop: 12 }}
            type={verdict.ok ? 'success' : 'error'}
            showIcon
            message={
              verdict.ok
                ? pick(`SM3 哈希链完整（已校验 ${verdict.checked} 条）`, `The SM3 hash chain is intact (${verdict.checked} entries checked)`)
                : pick(`哈希链在第 ${verdict.seq} 条处断裂（${verdict.reason}），记录可能被篡改`, `The hash chain breaks at entry ${verdict.seq} (${verdict.reason}); the log may have been tampered with`)
            }
          />
        )}
      </Card>
      <Card>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: pick('请设置条件后查询', 'Set filters and search') }}
          columns={[
            { title: pick('序号', 'Seq'), dataIndex: 'seq', width: 70 },
            { title: pick('时间', 'Time'), dataIndex: 'at', width: 170, render: (v: string) => new Date(v).toLocaleString(lang === 'en-US' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) },
            { title: pick('类型', 'Kind'), dataIndex: 'kind', width: 130, render: (k: string) => <Tag>{KINDS[k] ? pick(KINDS[k].zh, KINDS[k].en) : k}</Tag> },
            { title: pick('操作人', 'User'), width: 150, render: (_v, r) => r.username ?? r.userId ?? '—' },
            { title: 'IP', dataIndex: 'ip', width: 120 },
            { title: pick('对象', 'Object'), width: 220, render: (_v, r) => (r.objectId ? <Typography.Text copyable={{ text: r.objectId }}>{`${r.objectType ?? ''} ${r.objectId}`}</Typography.Text> : (r.objectType ?? '—')) },
            { title: pick('详情', 'Detail'), render: (_v, r) => <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(r.detail) }}>{JSON.stringify(r.detail)}</Typography.Text> },
          ]}
        />
        {next !== null && (
          <Button style={{ marginTop: 12 }} onClick={() => load(filters, next)} loading={loading}>
            {pick('加载更早的记录', 'Load earlier entries')}
          </Button>
        )}
      </Card>
    </Space>
  );
}
