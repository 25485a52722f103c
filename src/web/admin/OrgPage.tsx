import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Switch, Tag, Tree, type FormInstance } from 'antd';
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
  shortName: string;
  nameEn: string | null;
}
interface WindowRow {
  id: string;
  hallId: string;
  number: string;
  name: string;
  category: string;
  comprehensive: boolean;
}
type WindowForm = Omit<WindowRow, 'id'>;
type Grant = { role: string; scopeOrgId: string };
type StaffRow = { id: string; username: string; displayName: string; orgName: string; orgId: string | null; windowId: string | null; phone: string | null; disabled?: boolean; roles: Grant[]; abilities: { setDisabled: boolean; changeRoles: boolean } };

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
  const windows = useApi<{ windows: WindowRow[] }>('/api/windows');
  const [orgForm] = Form.useForm<{ name: string; shortName: string; creditCode?: string; nameEn?: string }>();
  const [windowForm] = Form.useForm<WindowForm>();
  const [editingOrg, setEditingOrg] = useState<Org | null>(null);
  /** The window being edited, or `'new'` for a new one. */
  const [editingWindow, setEditingWindow] = useState<WindowRow | 'new' | null>(null);
  const halls = (orgs.data?.orgs ?? []).filter((o) => o.kind === 'hall');
  const showFieldErrors = <T,>(f: FormInstance<T>) => (e: unknown) => {
    // The server's readable messages (`path: body/<field>`) under the fields they name.
    if (e instanceof ApiError) f.setFields(fieldErrors(e, pick) as Parameters<FormInstance<T>['setFields']>[0]);
    fail(e);
  };
  const saveOrg = (v: { name: string; shortName: string; creditCode?: string; nameEn?: string }) =>
    editingOrg &&
    api('PATCH', `/api/orgs/${editingOrg.id}`, { name: v.name, shortName: v.shortName, creditCode: v.creditCode?.trim() ? v.creditCode.trim().toUpperCase() : null, nameEn: v.nameEn?.trim() ? v.nameEn.trim() : null })
      .then(() => {
        message.success(t('admin.saved'));
        setEditingOrg(null);
        orgs.reload();
      })
      .catch(showFieldErrors(orgForm));
  const saveWindow = (v: WindowForm) => {
    if (!editingWindow) return;
    const body = { number: v.number, name: v.name, category: v.category, comprehensive: Boolean(v.comprehensive) };
    const call = editingWindow === 'new' ? post('/api/windows', { ...body, hallId: v.hallId }) : api('PATCH', `/api/windows/${editingWindow.id}`, body);
    void call
      .then(() => {
        message.success(t('admin.saved'));
        setEditingWindow(null);
        windows.reload();
      })
      .catch(showFieldErrors(windowForm));
  };
  const assignWindow = (userId: string, windowId: string | null) =>
    put(`/api/staff/${userId}/window`, { windowId })
      .then(() => {
        message.success(t('admin.saved'));
        staff.reload();
      })
      .catch(fail);
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
    (orgs.data?.orgs ?? []).filter((o) => o.parentId === parent).map((o) => ({ key: o.id, title: `${pick(o.name, o.nameEn ?? o.name)}${o.creditCode ? `（${o.creditCode}）` : ''}`, children: build(o.id) }));
  const orgById = new Map((orgs.data?.orgs ?? []).map((o) => [o.id, o]));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('admin.orgs')}>
          {orgs.data && (
            <Tree
              treeData={build(null)}
              defaultExpandAll
              selectable={false}
              titleRender={(n) => (
                <span>
                  {n.title}{' '}
                  {canManage && (
                    <Button
                      size="small"
                      type="link"
                      aria-label={`${pick('编辑', 'Edit')} ${n.title}`}
                      onClick={() => {
                        const o = orgById.get(n.key);
                        if (o) setEditingOrg(o);
                      }}
                    >
                      {pick('编辑', 'Edit')}
                    </Button>
                  )}
                </span>
              )}
            />
          )}
        </Card>
        <Modal open={editingOrg !== null} title={`${pick('编辑机构', 'Edit organisation')}：${editingOrg?.name ?? ''}`} okText={t('common.save')} onOk={() => orgForm.submit()} onCancel={() => setEditingOrg(null)} destroyOnHidden>
          <Form form={orgForm} layout="vertical" initialValues={{ name: editingOrg?.name, shortName: editingOrg?.shortName, creditCode: editingOrg?.creditCode ?? '', nameEn: editingOrg?.nameEn ?? '' }} onFinish={(v) => void saveOrg(v)}>
            <Form.Item name="name" label={pick('机构名称', 'Name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}><Input /></Form.Item>
            <Form.Item name="shortName" label={pick('简称', 'Short name')} rules={[{ required: true, whitespace: true }, { max: 50 }]}><Input /></Form.Item>
            <Form.Item name="creditCode" label={pick('统一社会信用代码', 'Unified social credit code')} extra={pick('18位，服务器核对校验位；可留空', '18 characters, the check character is verified; may be empty')} rules={[{ pattern: /^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$/, message: pick('统一社会信用代码应为18位数字或大写字母', 'The credit code has 18 digits or capital letters') }]}><Input maxLength={20} /></Form.Item>
            <Form.Item name="nameEn" label={pick('英文名称（可选）', 'English name (optional)')} rules={[{ max: 200 }]}><Input /></Form.Item>
          </Form>
        </Modal>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={t('admin.windows')}
          style={{ marginBottom: 16 }}
          extra={canManage && halls.length > 0 && <Button size="small" onClick={() => setEditingWindow('new')}>{pick('新增窗口', 'Add a window')}</Button>}
        >
          <ResponsiveTable<WindowRow>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={windows.data?.windows ?? []}
            columns={[
              { title: pick('窗口号', 'No.'), dataIndex: 'number', width: 80 },
              { title: pick('名称', 'Name'), dataIndex: 'name' },
              { title: pick('类别', 'Category'), dataIndex: 'category' },
              { title: pick('综合窗口', 'Comprehensive'), width: 90, render: (_v: unknown, w: WindowRow) => (w.comprehensive ? pick('是', 'Yes') : pick('否', 'No')) },
              ...(canManage ? [{ title: '', width: 70, render: (_v: unknown, w: WindowRow) => <Button size="small" aria-label={`${pick('编辑窗口', 'Edit window')} ${w.number}`} onClick={() => setEditingWindow(w)}>{pick('编辑', 'Edit')}</Button> }] : []),
            ]}
          />
        </Card>
        <Modal
          open={editingWindow !== null}
          title={editingWindow === 'new' ? pick('新增窗口', 'Add a window') : `${pick('编辑窗口', 'Edit window')} ${editingWindow?.number ?? ''}`}
          okText={t('common.save')}
          onOk={() => windowForm.submit()}
          onCancel={() => setEditingWindow(null)}
          destroyOnHidden
        >
          <Form form={windowForm} layout="vertical" initialValues={editingWindow === 'new' ? { hallId: halls[0]?.id, comprehensive: false } : (editingWindow ?? {})} onFinish={saveWindow}>
            <Form.Item name="hallId" label={pick('所在大厅', 'Service hall')} rules={[{ required: true }]}>
              <Select disabled={editingWindow !== 'new'} options={halls.map((h) => ({ value: h.id, label: pick(h.name, h.nameEn ?? h.name) }))} />
            </Form.Item>
            <Form.Item name="number" label={pick('窗口号', 'Window number')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9-]{1,10}$/, message: pick('窗口号为1–10位字母、数字或 -', 'Window number: 1–10 letters, digits or -') }]}><Input /></Form.Item>
            <Form.Item name="name" label={pick('窗口名称', 'Window name')} rules={[{ required: true, whitespace: true }, { max: 50 }]}><Input /></Form.Item>
            <Form.Item name="category" label={pick('窗口类别', 'Category')} rules={[{ required: true, whitespace: true }, { max: 30 }]}><Input /></Form.Item>
            <Form.Item name="comprehensive" label={pick('综合窗口（无差别受理）', 'Comprehensive window (accepts any item)')} valuePropName="checked"><Switch /></Form.Item>
          </Form>
        </Modal>
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
              {
                title: pick('窗口', 'Window'),
                render: (_v: unknown, r: StaffRow) => {
                  if (!r.roles.some((g) => g.role === 'window_clerk')) return null;
                  const own = (windows.data?.windows ?? []).filter((w) => w.hallId === r.orgId);
                  const current = (windows.data?.windows ?? []).find((w) => w.id === r.windowId);
                  if (!canManage || own.length === 0) return current ? `${current.number} ${current.name}` : '—';
                  return (
                    <Select
                      size="small"
                      style={{ width: 150 }}
                      allowClear
                      aria-label={`${pick('分配窗口', 'Assign a window')} ${r.username}`}
                      placeholder={pick('未分配', 'None')}
                      value={r.windowId ?? undefined}
                      options={own.map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))}
                      onChange={(v: string | undefined) => void assignWindow(r.id, v ?? null)}
                    />
                  );
                },
              },
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
