import { App, Button, Card, Col, Form, Input, Row, Select, Switch, Table, Tag, Tree } from 'antd';
import { ApiError, api, post } from '../shared/api.js';
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
type StaffRow = { id: string; username: string; displayName: string; orgName: string; phone: string | null; disabled?: boolean; roles: { role: string }[] };

interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

/** 机构与人员: the org tree, the hall's windows and the staff within the caller's scope. */
export function OrgPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const canManage = canSee(session, 'admin.staff.manage');
  const [form] = Form.useForm();
  const orgs = useApi<{ orgs: Org[] }>('/api/orgs');
  const windows = useApi<{ windows: { id: string; number: string; name: string; category: string }[] }>('/api/windows');
  const staff = useApi<{ staff: StaffRow[] }>('/api/staff');
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const create = (v: { username: string; displayName: string; password: string; orgId: string; role: string; phone?: string }) =>
    post('/api/staff', { username: v.username, displayName: v.displayName, password: v.password, orgId: v.orgId, ...(v.phone ? { phone: v.phone } : {}), roles: [{ role: v.role, scopeOrgId: v.orgId }] })
      .then(() => {
        message.success(t('admin.saved'));
        form.resetFields();
        staff.reload();
      })
      .catch(fail);
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
          <Table rowKey="id" size="small" pagination={false} dataSource={windows.data?.windows ?? []} columns={[{ title: pick('窗口号', 'No.'), dataIndex: 'number', width: 80 }, { title: pick('名称', 'Name'), dataIndex: 'name' }, { title: pick('类别', 'Category'), dataIndex: 'category' }]} />
        </Card>
        <Card title={t('admin.staff')}>
          <Table<StaffRow>
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
                ? [{ title: pick('启用', 'Active'), width: 80, render: (_v: unknown, r: StaffRow) => <Switch aria-label={`${pick('启用', 'Active')} ${r.username}`} size="small" defaultChecked={!r.disabled} onChange={(on) => void toggle(r.id, !on)} /> }]
                : []),
            ]}
          />
        </Card>
        {canManage && (
          <Card title={pick('新增工作人员', 'Add a staff member')} style={{ marginTop: 16 }}>
            <Form form={form} layout="vertical" onFinish={(v) => void create(v as Parameters<typeof create>[0])}>
              <Row gutter={12}>
                <Col xs={24} md={8}><Form.Item name="displayName" label={pick('姓名', 'Name')} rules={[{ required: true }]}><Input /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="username" label={pick('用户名', 'Username')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/ }]}><Input /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="password" label={pick('初始密码', 'Initial password')} rules={[{ required: true, min: 8 }]}><Input.Password autoComplete="new-password" /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="orgId" label={pick('所属机构（授权范围）', 'Organisation (scope)')} rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={(orgs.data?.orgs ?? []).map((o) => ({ value: o.id, label: o.name }))} /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="role" label={pick('角色', 'Role')} rules={[{ required: true }]}><Select options={Object.entries(STAFF_ROLE).map(([k, v]) => ({ value: k, label: pick(v.zh, v.en) }))} /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="phone" label={pick('手机号码', 'Mobile phone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}><Input /></Form.Item></Col>
              </Row>
              <Button type="primary" htmlType="submit">{t('common.save')}</Button>
            </Form>
          </Card>
        )}
      </Col>
    </Row>
  );
}
