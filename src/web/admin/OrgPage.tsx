import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Switch, Tag, Tree } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { ApiError, api, post, put } from '../shared/api.js';
import { useSession } from '../shared/session.js';
import { canSee } from '../shared/access.js';
import { useI18n } from '../shared/i18n.js';
import { STAFF_ROLE } from '../shared/labels.js';
import { useApi } from '../shared/use-api.js';

interface Org {
  id: string;
  kind: string;
  name: string;
  parentId: string | null;
  regionCode: string;
  creditCode: string | null;
}
type Grant = { role: string; scopeOrgId: string };
type StaffRow = { id: string; username: string; displayName: string; orgName: string; phone: string | null; disabled?: boolean; roles: Grant[]; abilities: { setDisabled: boolean; changeRoles: boolean } };

/** Roles the security administrator hands out here; the three administrators are appointed at the console (ADR 0010). */
const GRANTABLE = ['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'catalogue_admin', 'hall_admin', 'supervisor', 'security_admin'];

/** Server validation details (`path: body/<field>`) as antd field errors. */
function fieldErrors(e: ApiError, pick: (zh: string, en: string) => string): { name: string; errors: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const d of e.body.details) {
    const field = d.path?.startsWith('body/') ? d.path.slice(5).split('/')[0] : undefined;
    if (field) byField.set(field, [...(byField.get(field) ?? []), pick(d.zh, d.en)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

/**
 * 机构与人员: the org tree, the hall's windows and the staff within the caller's scope. 三权分立: the
 * system administrator creates and disables accounts; the security administrator grants their roles.
 */
export function OrgPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const canManage = canSee(session, 'admin.staff.manage');
  const canGrant = canSee(session, 'admin.staff.grant');
  const [form] = Form.useForm();
  const [grantForm] = Form.useForm<{ roles: Grant[] }>();
  const [granting, setGranting] = useState<StaffRow | null>(null);
  const orgs = useApi<{ orgs: Org[] }>('/api/orgs');
  const windows = useApi<{ windows: { id: string; number: string; name: string; category: string }[] }>('/api/windows');
  const staff = useApi<{ staff: StaffRow[] }>('/api/staff');
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const create = (v: { username: string; displayName: string; password: string; orgId: string; phone?: string }) =>
    post('/api/staff', { username: v.username, displayName: v.displayName, password: v.password, orgId: v.orgId, ...(v.phone ? { phone: v.phone } : {}) })
      .then(() => {
        message.success(t('admin.saved'));
        form.resetFields();
        staff.reload();
      })
      .catch((e: unknown) => {
        // The server's readable messages go under the fields they name (path `body/<field>`).
        if (e instanceof ApiError) form.setFields(fieldErrors(e, pick));
        fail(e);
      });
  const saveGrants = (v: { roles?: Grant[] }) =>
    granting &&
    put(`/api/staff/${granting.id}/roles`, { roles: v.roles ?? [] })
      .then(() => {
        message.success(t('admin.saved'));
        setGranting(null);
        staff.reload();
      })
      .catch(fail);
  const orgOptions = (orgs.data?.orgs ?? []).map((o) => ({ value: o.id, label: o.name }));
  const toggle = (id: string, disabled: boolean) => api('PATCH', `/api/staff/${id}`, { disabled }).then(staff.reload).catch(fail);
  const build = (parent: string | null): TreeNode[] =>
    (orgs.data?.orgs ?? []).filter((o) => o.parentId === parent).map((o) => ({ key: o.id, title: `${o.name}${o.creditCode ? `（${o.creditCode}）` : ''}`, children: build(o.id) }));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('admin.orgs')}>{orgs.data && <Tree treeData={build(null)} defaultExpandAll selectable={false} />}</Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('admin.windows')} style={{ marginBottom: 16 }}>
          <ResponsiveTable rowKey="id" size="small" pagination={false} dataSource={windows.data?.windows ?? []} columns={[{ title: pick('窗口号', 'No.'), dataIndex: 'number', width: 80 }, { title: pick('名称', 'Name'), dataIndex: 'name' }, { title: pick('类别', 'Category'), dataIndex: 'category' }]} />
        </Card>
        <Card title={t('admin.staff')}>
          <ResponsiveTable<StaffRow>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={staff.data?.staff ?? []}
            locale={{ emptyText: pick('无权查看人员', 'No staff visible to you') }}
            columns={[
              { title: pick('姓名', 'Name'), dataIndex: 'displayName' },
              { title: pick('用户名', 'Username'), dataIndex: 'username' },
              { title: pick('机构', 'Organisation'), dataIndex: 'orgName' },
              { title: pick('电话', 'Phone'), dataIndex: 'phone' },
              { title: pick('角色', 'Roles'), render: (_v: unknown, r: StaffRow) => r.roles.map((x) => <Tag key={x.role}>{pick(STAFF_ROLE[x.role]?.zh ?? x.role, STAFF_ROLE[x.role]?.en ?? x.role)}</Tag>) },
              ...(canManage
                ? [{ title: pick('启用', 'Active'), width: 80, render: (_v: unknown, r: StaffRow) => <Switch aria-label={`${pick('启用', 'Active')} ${r.username}`} size="small" defaultChecked={!r.disabled} disabled={!r.abilities.setDisabled} onChange={(on) => void toggle(r.id, !on)} /> }]
                : []),
              ...(canGrant
                ? [{ title: pick('授权', 'Grants'), width: 90, render: (_v: unknown, r: StaffRow) => r.abilities.changeRoles && <Button size="small" aria-label={`${pick('调整角色', 'Edit roles')} ${r.username}`} onClick={() => setGranting(r)}>{pick('调整角色', 'Edit roles')}</Button> }]
                : []),
            ]}
          />
        </Card>
        <Modal
          open={granting !== null}
          title={`${pick('调整角色', 'Edit roles')}：${granting?.displayName ?? ''}`}
          okText={t('common.save')}
          onOk={() => grantForm.submit()}
          onCancel={() => setGranting(null)}
          destroyOnHidden
        >
          <Form form={grantForm} layout="vertical" initialValues={{ roles: granting?.roles.map((g) => ({ role: g.role, scopeOrgId: g.scopeOrgId })) ?? [] }} onFinish={(v) => void saveGrants(v)}>
            <Form.List name="roles">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, 'role']} label={pick('角色', 'Role')} rules={[{ required: true }]}>
                        <Select style={{ width: 160 }} options={GRANTABLE.map((k) => ({ value: k, label: pick(STAFF_ROLE[k]?.zh ?? k, STAFF_ROLE[k]?.en ?? k) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'scopeOrgId']} label={pick('授权范围', 'Scope')} rules={[{ required: true }]}>
                        <Select style={{ width: 220 }} showSearch optionFilterProp="label" options={orgOptions} />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)}>{pick('移除', 'Remove')}</Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()}>{pick('添加角色', 'Add a role')}</Button>
                </>
              )}
            </Form.List>
          </Form>
        </Modal>
        {canManage && (
          <Card title={pick('新增工作人员', 'Add a staff member')} style={{ marginTop: 16 }}>
            <Form form={form} layout="vertical" onFinish={(v) => void create(v as Parameters<typeof create>[0])}>
              <Row gutter={12}>
                <Col xs={24} md={8}><Form.Item name="displayName" label={pick('姓名', 'Name')} rules={[{ required: true }]}><Input /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="username" label={pick('用户名', 'Username')} rules={[{ required: true }, { pattern: /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/, message: pick('用户名应为4–32位，以字母开头，可含字母、数字及 _ . -', 'Username: 4–32 characters starting with a letter (letters, digits, _ . -)') }]}><Input /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="password" label={pick('初始密码', 'Initial password')} rules={[{ required: true, min: 8 }]}><Input.Password autoComplete="new-password" /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="orgId" label={pick('所属机构', 'Organisation')} rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={orgOptions} /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="phone" label={pick('手机号码', 'Mobile phone')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: pick('手机号码应为以1开头的11位数字', 'Mobile phone: 11 digits starting with 1') }]}><Input /></Form.Item></Col>
              </Row>
              <p style={{ color: '#666' }}>{pick('账号创建后由安全管理员授予角色（三权分立）。', 'The security administrator grants the new account its roles (separation of duties).')}</p>
              <Button type="primary" htmlType="submit">{t('common.save')}</Button>
            </Form>
          </Card>
        )}
      </Col>
    </Row>
  );
}
