import { Card, Col, Row, Table, Tag, Tree } from 'antd';
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
interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

/** 机构与人员: the org tree, the hall's windows and the staff within the caller's scope. */
export function OrgPage() {
  const { t, pick } = useI18n();
  const orgs = useApi<{ orgs: Org[] }>('/api/orgs');
  const windows = useApi<{ windows: { id: string; number: string; name: string; category: string }[] }>('/api/windows');
  const staff = useApi<{ staff: { id: string; username: string; displayName: string; orgName: string; phone: string | null; roles: { role: string }[] }[] }>('/api/staff');
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
          <Table
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
              { title: pick('角色', 'Roles'), render: (_v, r: { roles: { role: string }[] }) => r.roles.map((x) => <Tag key={x.role}>{pick(STAFF_ROLE[x.role]?.zh ?? x.role, STAFF_ROLE[x.role]?.en ?? x.role)}</Tag>) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
