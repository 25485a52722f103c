import { Alert, App, Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { AgentGrantStatus, AgentScope } from '../../core/agents/scope.js';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import type { ItemSummary } from '../shared/types.js';

interface Grant {
  id: string;
  agentName: string;
  agentIdNumber: string | null;
  scope: AgentScope;
  validFrom: string;
  validUntil: string;
  status: AgentGrantStatus;
  revokedAt: string | null;
}

export const GRANT_STATUS: Record<AgentGrantStatus, { zh: string; en: string; color: string }> = {
  active: { zh: '有效', en: 'In force', color: 'green' },
  not_yet: { zh: '未生效', en: 'Not yet', color: 'default' },
  expired: { zh: '已过期', en: 'Expired', color: 'orange' },
  revoked: { zh: '已撤销', en: 'Revoked', color: 'red' },
};

/** How a scope reads: 全部事项, or the categories and services by name. */
export function ScopeText({ scope, items }: { scope: AgentScope; items: ItemSummary[] }) {
  const { pick } = useI18n();
  if (scope.kind === 'all') return <Tag color="blue">{pick('全部事项', 'Every service')}</Tag>;
  const name = (id: string) => items.find((i) => i.implId === id)?.name ?? id.slice(0, 8);
  return (
    <Space size={4} wrap>
      {scope.categories.map((c) => (
        <Tag key={c} color="purple">{pick(`${c}类`, `${c} (category)`)}</Tag>
      ))}
      {scope.implIds.map((id) => (
        <Tag key={id}>{name(id)}</Tag>
      ))}
    </Space>
  );
}

type FormValues = { idNumber: string; name: string; scopeKind: 'all' | 'categories' | 'items'; categories?: string[]; implIds?: string[]; validUntil: { format(f: string): string } };

/** 经办人管理 (ADR 0037): the enterprise registers its agents with a scope and a last day, and revokes them. */
export function AgentsPage() {
  const { pick } = useI18n();
  const { session } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const enterprise = session?.user.kind === 'legal_person';
  const list = useApi<{ agents: Grant[] }>(enterprise ? '/api/me/agents' : null);
  const items = useApi<{ items: ItemSummary[] }>('/api/catalogue/items?pageSize=100');
  const catalogue = (items.data?.items ?? []).filter((i) => i.applicantTypes.includes('legal_person'));
  const categories = [...new Set(catalogue.map((i) => i.category))];
  const scopeKind = Form.useWatch('scopeKind', form);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));

  if (!enterprise) {
    return (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Alert type="info" showIcon message={pick('经办人由企业（法人账号）登记；您被登记为经办人后，可代企业办理的办件显示在此处和“我的办件”中。', 'Agents are registered by an enterprise (legal-person account); once you are one, the enterprise’s cases you may act on show here and under My cases.')} />
        <AgenciesCard />
      </Space>
    );
  }

  const register = async (v: FormValues) => {
    const scope: AgentScope = v.scopeKind === 'all' ? { kind: 'all' } : { kind: 'listed', categories: v.scopeKind === 'categories' ? (v.categories ?? []) : [], implIds: v.scopeKind === 'items' ? (v.implIds ?? []) : [] };
    setSaving(true);
    try {
      await post('/api/me/agents', { idNumber: v.idNumber.trim().toUpperCase(), name: v.name.trim(), scope, validUntil: v.validUntil.format('YYYY-MM-DD') });
      message.success(pick('已登记经办人', 'Agent registered'));
      form.resetFields();
      list.reload();
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('经办人', 'Agents (经办人)')}>
        <Typography.Paragraph type="secondary">
          {pick('经办人是本企业授权代为办理政务服务事项的自然人。经办人登录后可在授权范围和期限内以企业名义申请、查看和处理办件，办件的申请人仍为本企业，办件记录载明经办人。可随时撤销。', 'Agents are natural persons the enterprise authorises to apply for it. Logged in, an agent applies, sees and acts on the enterprise’s cases within the scope and term; the applicant stays the enterprise and the timeline names the agent. Revoke at any time.')}
        </Typography.Paragraph>
        <ResponsiveTable<Grant>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.agents ?? []}
          locale={{ emptyText: pick('尚未登记经办人', 'No agents yet') }}
          columns={[
            { title: pick('经办人', 'Agent'), render: (_v, g) => <Space direction="vertical" size={0}><span>{g.agentName}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.agentIdNumber}</Typography.Text></Space> },
            { title: pick('授权范围', 'Scope'), render: (_v, g) => <ScopeText scope={g.scope} items={items.data?.items ?? []} /> },
            { title: pick('有效期', 'Term'), width: 200, render: (_v, g) => `${g.validFrom} ~ ${g.validUntil}` },
            { title: pick('状态', 'Status'), width: 90, render: (_v, g) => <Tag color={GRANT_STATUS[g.status].color}>{pick(GRANT_STATUS[g.status].zh, GRANT_STATUS[g.status].en)}</Tag> },
            {
              title: pick('操作', 'Action'),
              width: 100,
              render: (_v, g) =>
                g.status === 'revoked' ? null : (
                  <Popconfirm title={pick(`撤销${g.agentName}的经办人授权？撤销后立即生效。`, `Revoke ${g.agentName}? It takes effect at once.`)} okText={pick('撤销', 'Revoke')} cancelText={pick('取消', 'Cancel')} onConfirm={() => void post(`/api/me/agents/${g.id}/revoke`).then(list.reload).catch(fail)}>
                    <Button danger size="small">{pick('撤销', 'Revoke')}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title={pick('登记经办人', 'Register an agent')}>
        <Form form={form} layout="vertical" style={{ maxWidth: 640 }} initialValues={{ scopeKind: 'categories' }} onFinish={(v) => void register(v)}>
          <Form.Item name="name" label={pick('姓名', 'Name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="idNumber" label={pick('身份证号码', 'ID number')} rules={[{ required: true }, { pattern: /^\d{17}[\dXx]$/, message: pick('请输入18位身份证号码', 'Enter the 18-character ID number') }]} extra={pick('经办人须已注册通办账号（或在大厅登记过）；姓名须与证件一致。', 'The agent needs a Tongban account (or was registered at the hall); the name must match the ID.')}>
            <Input style={{ maxWidth: 260 }} />
          </Form.Item>
          <Form.Item name="scopeKind" label={pick('授权范围', 'Scope')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="categories">{pick('指定类别', 'Categories')}</Radio>
              <Radio value="items">{pick('指定事项', 'Services')}</Radio>
              <Radio value="all">{pick('全部事项', 'Every service')}</Radio>
            </Radio.Group>
          </Form.Item>
          {scopeKind === 'categories' && (
            <Form.Item name="categories" label={pick('事项类别', 'Categories')} rules={[{ required: true, message: pick('请选择类别', 'Choose categories') }]}>
              <Select mode="multiple" aria-label={pick('事项类别', 'Categories')} options={categories.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          )}
          {scopeKind === 'items' && (
            <Form.Item name="implIds" label={pick('事项', 'Services')} rules={[{ required: true, message: pick('请选择事项', 'Choose services') }]}>
              <Select mode="multiple" aria-label={pick('事项', 'Services')} optionFilterProp="label" options={catalogue.map((i) => ({ value: i.implId, label: `${i.name}（${i.orgName}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="validUntil" label={pick('授权截止日期（含当日，最长三年）', 'Last day (inclusive, at most three years)')} rules={[{ required: true }]}>
            <DatePicker aria-label={pick('授权截止日期', 'Last day')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {pick('登记', 'Register')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

interface Agency {
  grantId: string;
  enterpriseId: string;
  enterpriseName: string;
  scope: AgentScope;
  validUntil: string;
  status: AgentGrantStatus;
}

/** 我代办的企业: for a natural person who is some enterprise's agent, its cases within scope (nothing otherwise). */
export function AgenciesCard() {
  const { pick } = useI18n();
  const mine = useApi<{ enterprises: Agency[] }>('/api/me/agencies');
  const items = useApi<{ items: ItemSummary[] }>((mine.data?.enterprises.length ?? 0) > 0 ? '/api/catalogue/items?pageSize=100' : null);
  const agencies = mine.data?.enterprises ?? [];
  if (mine.loading) return null;
  if (agencies.length === 0) return null;
  return (
    <Card title={pick('我代办的企业（经办人）', 'Enterprises I act for (agent)')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {agencies.map((a) => (
          <Space key={a.grantId} direction="vertical" size={8} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{a.enterpriseName}</Typography.Text>
              <Tag color={GRANT_STATUS[a.status].color}>{pick(GRANT_STATUS[a.status].zh, GRANT_STATUS[a.status].en)}</Tag>
              <ScopeText scope={a.scope} items={items.data?.items ?? []} />
              <Typography.Text type="secondary">{pick(`至 ${a.validUntil}`, `until ${a.validUntil}`)}</Typography.Text>
            </Space>
            {a.status === 'active' ? <AgencyCases enterpriseId={a.enterpriseId} /> : <Alert type="warning" showIcon message={pick('该授权当前不在有效期内或已撤销，不能代企业办理', 'This grant is not in force; you cannot act for the enterprise')} />}
          </Space>
        ))}
      </Space>
    </Card>
  );
}

type AgencyCase = { id: string; caseNo: string; title: string; stateZh: string; stateEn: string; dueDate: string | null };

function AgencyCases({ enterpriseId }: { enterpriseId: string }) {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ cases: AgencyCase[] }>(`/api/me/agencies/${enterpriseId}/cases`);
  return (
    <ResponsiveTable<AgencyCase>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.cases ?? []}
      locale={{ emptyText: pick('授权范围内暂无办件', 'No cases within scope') }}
      columns={[
        { title: pick('事项', 'Service'), render: (_v, r) => <Link to={`/my/cases/${r.id}`}>{r.title}</Link> },
        { title: pick('办件编号', 'Case number'), dataIndex: 'caseNo' },
        { title: pick('状态', 'Status'), render: (_v, r) => <Tag color="blue">{pick(r.stateZh, r.stateEn)}</Tag> },
      ]}
    />
  );
}
